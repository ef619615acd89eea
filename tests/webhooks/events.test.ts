import { describe, expect, it } from "vitest";
import {
  eventBody,
  SUBSCRIBABLE_EVENT_TYPES,
  WEBHOOK_EVENT_SCHEMAS,
  WEBHOOK_EVENT_TYPES,
  WebhookEventSchema,
} from "../../src/webhooks/events";

const jobData = {
  job_id: "0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11",
  batch_id: null,
  status: "completed" as const,
  filename: "germinal.pdf",
  sentence_count: 4210,
  page_count: 312,
  engine: "offline",
  error: null,
  created_at: "2026-11-29T10:00:00.000Z",
  completed_at: "2026-11-29T10:03:12.000Z",
  links: {
    self: "/api/v1/jobs/0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11",
    sentences: "/api/v1/jobs/0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11/sentences",
    download: "/api/v1/jobs/0b6f1d1e-6a52-4a53-9b0e-2f1f7f0d7a11/download",
  },
};

describe("webhook events", () => {
  it("serialise to the Standard Webhooks payload { type, timestamp, data }", () => {
    const body = eventBody("job.completed", jobData, new Date("2026-11-29T10:03:12.500Z"));
    expect(JSON.parse(body)).toEqual({
      type: "job.completed",
      timestamp: "2026-11-29T10:03:12.500Z",
      data: jobData,
    });
    expect(WebhookEventSchema.parse(JSON.parse(body)).type).toBe("job.completed");
  });

  it("refuse data that does not match the event's schema instead of sending it", () => {
    expect(() => eventBody("job.failed", { ...jobData, status: "running" } as never, new Date())).toThrow();
    expect(() => eventBody("batch.completed", jobData as never, new Date())).toThrow();
  });

  it("drop fields that are not part of the public payload, such as sentences", () => {
    const withSentences = { ...jobData, sentences: ["Il était une fois."] } as typeof jobData;
    expect(JSON.parse(eventBody("job.completed", withSentences, new Date())).data).not.toHaveProperty(
      "sentences",
    );
  });

  it("name the six subscribable events and the test event, each with its schema", () => {
    const issued = "job.completed job.failed job.cancelled batch.completed export.completed export.failed";
    expect([...SUBSCRIBABLE_EVENT_TYPES].sort()).toEqual(issued.split(" ").sort());
    expect(Object.keys(WEBHOOK_EVENT_SCHEMAS).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const test = eventBody("webhook.test", { endpoint_id: "wh_1", message: "Hello" }, new Date(0));
    expect(JSON.parse(test)).toEqual({
      type: "webhook.test",
      timestamp: "1970-01-01T00:00:00.000Z",
      data: { endpoint_id: "wh_1", message: "Hello" },
    });
  });
});
