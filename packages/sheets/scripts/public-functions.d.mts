export declare const PUBLIC_FUNCTIONS: ReadonlyArray<{ name: string; params: string[]; doc: string[] }>;
