// The typed client of the French Novel Tool API: openapi-fetch over the types generated from the API's
// committed OpenAPI document (`npm run openapi` regenerates `schema.d.ts`). See ../README.md.
import type { components } from "./schema.ts";

export type { components, paths } from "./schema.ts";
export type Schemas = components["schemas"];
export type Job = Schemas["Job"];
export type JobStatusEvent = Schemas["JobStatusEvent"];
export {
  type ApiClient,
  ApiDown,
  ApiProblem,
  type ClientOptions,
  createApiClient,
  formData,
  type Problem,
  problemOf,
  unwrap,
} from "./client.ts";
export { allSentences, type FollowOptions, followJob, type JobState, jobEvents } from "./jobs.ts";
