import { afterEach, describe, expect, it } from "vitest";
import { EventHub } from "../../../src/jobs/tracker/event-hub";

/** Unhandled promise rejections seen while a test runs (the runtime would log each as an error). */
const rejections: unknown[] = [];
const record = (event: PromiseRejectionEvent) => {
  rejections.push(event.reason);
  event.preventDefault();
};

afterEach(() => {
  removeEventListener("unhandledrejection", record);
  rejections.length = 0;
});

describe("the event hub", () => {
  it("drops a live stream whose client left, and still sends to the others", async () => {
    addEventListener("unhandledrejection", record);
    const hub = new EventHub();
    const gone = hub.open({ status: "processing" }, false);
    const staying = hub.open({ status: "processing" }, false);
    await gone.body?.cancel();
    hub.broadcast({ status: "completed" }, true);
    const text = await staying.text();
    expect(text).toContain('"status":"processing"');
    expect(text).toContain('"status":"completed"');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rejections).toEqual([]);
  });
});
