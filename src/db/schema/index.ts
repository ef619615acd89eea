export * from "./auth";
export * from "./batches";
export * from "./exports";
export * from "./jobs";
export * from "./users";
export * from "./webhooks";
