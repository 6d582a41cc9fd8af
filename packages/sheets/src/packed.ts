// Decodes what scripts/pack.mjs packed (gzip, 14 bits a character from U+4E00): the catalog's platforms
// and the menu bundle. The bytes go to Utilities.ungzip as a signed byte array, as Apps Script has them.
const BASE = 0x4e00;

export function unpack(packed: string): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 1; i < packed.length; i++) {
    acc = (acc << 14) | (packed.charCodeAt(i) - BASE);
    bits += 14;
    while (bits >= 8) {
      bits -= 8;
      const b = (acc >> bits) & 255;
      bytes.push(b > 127 ? b - 256 : b);
    }
    acc &= (1 << bits) - 1;
  }
  if (packed[0] === '1') bytes.pop();
  return Utilities.ungzip(Utilities.newBlob(bytes, 'application/x-gzip')).getDataAsString();
}
