// Child process behind the fake UrlFetchApp: reads [{method, url, headers, body}] on stdin, sends them in parallel,
// prints [{status, body, headers} | {error}] on stdout.
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const requests = JSON.parse(input);
  const answers = await Promise.all(
    requests.map(async ({ url, method, headers, body, timeoutMs }) => {
      try {
        const res = await fetch(url, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs ?? 10_000),
        });
        return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
      } catch (e) {
        return {
          error:
            e.name === 'TimeoutError'
              ? 'Exception: Timeout: request timed out'
              : `Exception: ${e.cause?.code ?? e.message}`,
        };
      }
    }),
  );
  process.stdout.write(JSON.stringify(answers));
});
