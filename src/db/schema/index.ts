export * from "./auth";
export * from "./jobs";
export * from "./usage";
export * from "./users";
