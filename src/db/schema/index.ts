export * from "./account";
export * from "./auth";
export * from "./batches";
export * from "./exports";
export * from "./jobs";
export * from "./usage";
export * from "./users";
export * from "./webhooks";
