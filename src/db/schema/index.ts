export * from "./account";
export * from "./auth";
export * from "./exports";
export * from "./jobs";
export * from "./users";
