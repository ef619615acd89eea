import { setupServer } from "msw/node";

/** Intercepts every outbound request from the worker under test; an unhandled one fails the test. */
export const network = setupServer();
