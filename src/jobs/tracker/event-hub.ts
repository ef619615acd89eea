const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

const ignore = () => undefined;

const frame = (data: unknown) => encoder.encode(`event: status\ndata: ${JSON.stringify(data)}\n\n`);

/** Fans state changes out to Server-Sent Events streams held open by one Durable Object. */
export class EventHub {
  private readonly writers = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Opens a stream that starts with the current state; a finished job's stream closes right after it. */
  open(current: unknown, finished: boolean): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    // A client may leave before these are read (or the object be reset meanwhile): no error for anyone.
    writer.write(encoder.encode("retry: 3000\n\n")).catch(ignore);
    writer.write(frame(current)).catch(ignore);
    if (finished) writer.close().catch(ignore);
    else {
      this.writers.add(writer);
      this.startHeartbeat();
    }
    return new Response(readable, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" },
    });
  }

  /** Pushes a state to every open stream, closing them all when the job has ended. */
  broadcast(state: unknown, finished: boolean): void {
    for (const writer of this.writers) {
      writer.write(frame(state)).catch(() => this.writers.delete(writer));
      if (finished) writer.close().catch(ignore);
    }
    if (finished) this.writers.clear();
    if (this.writers.size === 0) this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    this.heartbeat ??= setInterval(() => {
      for (const writer of this.writers) {
        writer.write(encoder.encode(": keep-alive\n\n")).catch(() => this.writers.delete(writer));
      }
      if (this.writers.size === 0) this.stopHeartbeat();
    }, HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
