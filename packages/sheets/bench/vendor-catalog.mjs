// A stand-in for the coming full catalog, made from the vendor's OpenAPI document (348 operations):
// the same shape as `documentedOperations` / `documentedPlatforms`, texts included (the Chinese texts
// repeat the English ones, about the same size in UTF-8). Only for measuring size and start-up time.
const camel = (s) => s.replace(/[-_](\w)/g, (_, c) => c.toUpperCase());

export function vendorCatalog(doc) {
  const operations = [];
  const platforms = new Map();
  const both = (t) => ({ en: t ?? '', zh: t ?? '' });
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [httpMethod, op] of Object.entries(methods)) {
      const [, , slug, ...rest] = path.split('/');
      const namespace = camel(slug);
      const method = camel(rest.join('-'));
      const form = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
      const raw = [
        ...(op.parameters ?? []).map((p) => ({ ...p, ...p.schema, in: p.in })),
        ...Object.entries(form?.properties ?? {}).map(([name, s]) => ({
          name,
          in: 'body',
          required: (form.required ?? []).includes(name),
          ...s,
        })),
      ].filter((p) => p.name !== 'token');
      const params = raw.map((p) => ({
        name: p.name,
        in: p.in,
        type: p.type ?? 'string',
        required: Boolean(p.required),
        ...(p.default !== undefined && p.default !== '' ? { default: p.default } : {}),
        ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
        ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
        ...(p.enum ? { enum: p.enum.map((v) => ({ value: v, label: both(String(v)) })) } : {}),
        displayName: p.name,
        description: both(p.description),
      }));
      const tag = doc.tags.find((t) => t.name === op.tags?.[0]);
      if (tag && !platforms.has(namespace))
        platforms.set(namespace, {
          id: namespace,
          name: {
            en: tag.name,
            zh: tag['x-platform-aliases']?.find((a) => /[^\x00-\x7f]/.test(a)) ?? tag.name,
          },
          aliases: tag['x-platform-aliases'] ?? [],
          description: tag.description ?? '',
        });
      operations.push({
        id: `${namespace}.${method}`,
        namespace,
        method,
        httpMethod: httpMethod.toUpperCase(),
        path,
        params,
        ...(params.some((p) => p.name === 'page')
          ? { pagination: { pageParam: 'page', itemsPath: '', itemId: 'id' } }
          : {}),
        ...(op.deprecated ? { deprecated: true } : {}),
        ...(op['x-docs-hidden'] ? { hidden: true } : {}),
        operationId: op.operationId,
        summary: both(op.summary),
        description: both(op.description),
        searchAliases: op['x-search-aliases'] ?? [],
        version: op['x-api-version'],
      });
    }
  }
  return { operations, platforms: [...platforms.values()] };
}
