/**
 * Runs task(i) for i in 0..count-1 with at most `limit` in flight; results keep input order.
 * The first failure rejects at once; after it no further item starts, and `stopped()` (passed to every
 * task) turns true, so a running item can give up before its next paid request.
 */
export async function mapWithConcurrency<T>(
  count: number,
  limit: number,
  task: (i: number, stopped: () => boolean) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  const stopped = () => failed;
  const worker = async () => {
    while (next < count && !failed) {
      const i = next++;
      results[i] = await task(i, stopped).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
  return results;
}
