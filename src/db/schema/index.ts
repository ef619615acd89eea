export * from "./auth";
export * from "./batches";
export * from "./jobs";
export * from "./users";
export * from "./webhooks";
