export const PACK_BASE: number;
export function pack(text: string): string;
