// The vendor's 'danger' highlights (e.g. "Direct calls to this endpoint do not fetch product data"): the
// core refuses such a call until it is acknowledged by name; here each is a node field named for it.
import type { OperationSpec } from '@justoneapi/sdk/runtime';

/** The field that acknowledges a danger highlight, named for it: "acknowledgeDirectApiCall". */
export const acknowledgeField = (h: { acknowledge: string }) =>
  `acknowledge${h.acknowledge.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;

/** The danger highlights the user switched on (read through the host's parameter getter). */
export const acknowledged = (op: OperationSpec, read: (name: string) => unknown) =>
  (op.danger ?? []).filter((h) => read(acknowledgeField(h)) === true).map((h) => h.acknowledge);
