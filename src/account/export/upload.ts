/**
 * R2 parts of a streamed upload. R2 wants every part but the last of one size, at least 5 MiB; memory holds
 * one part at a time, so a ZIP of any size costs this much.
 */
export const PART_BYTES = 8 * 1024 * 1024;

export interface UploadHooks {
  /** The multipart upload began (recorded, so an abandoned one can be aborted). */
  started?(uploadId: string): Promise<void>;
  /** A part was stored; `bytes` uploaded so far (a heartbeat for the caller). */
  progressed?(bytes: number): Promise<void>;
  partBytes?: number;
}

/**
 * Streams a body of unknown length into one R2 object with a multipart upload: `put` needs a known length,
 * which a ZIP being written does not have. A failure aborts the upload, so no part is left behind.
 */
export async function uploadStream(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  contentType: string,
  hooks: UploadHooks = {},
): Promise<{ size: number }> {
  const partBytes = hooks.partBytes ?? PART_BYTES;
  const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType } });
  await hooks.started?.(upload.uploadId);
  const parts: R2UploadedPart[] = [];
  let buffer = new Uint8Array(partBytes);
  let filled = 0;
  let size = 0;
  const flush = async () => {
    parts.push(await upload.uploadPart(parts.length + 1, buffer.subarray(0, filled)));
    size += filled;
    buffer = new Uint8Array(partBytes);
    filled = 0;
    await hooks.progressed?.(size);
  };
  try {
    for await (const chunk of body) {
      for (let offset = 0; offset < chunk.length; ) {
        const taken = Math.min(partBytes - filled, chunk.length - offset);
        buffer.set(chunk.subarray(offset, offset + taken), filled);
        filled += taken;
        offset += taken;
        if (filled === partBytes) await flush();
      }
    }
    if (filled > 0 || parts.length === 0) await flush();
    await upload.complete(parts);
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
  return { size };
}
