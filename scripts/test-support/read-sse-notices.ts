/**
 * Reads a Server-Sent Events body to its end, handing each frame's `data:` JSON to `onNotice` in order (comments,
 * `retry:` and frames without data are skipped). Resolves when the stream ends; rejects if reading fails.
 */
export async function readSseNotices<T>(body: ReadableStream<Uint8Array>, onNotice: (notice: T) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let raw = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    raw += decoder.decode(value, { stream: true });
    const frames = raw.split("\n\n");
    raw = frames.pop()!;
    for (const frame of frames) {
      const data = frame.split("\n").find((line) => line.startsWith("data: "));
      if (data) onNotice(JSON.parse(data.slice(6)) as T);
    }
  }
}
