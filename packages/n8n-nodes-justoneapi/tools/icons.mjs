// A platform node's icon, generated from the catalog: a coloured tile with a short mark, in a light and a
// dark variant. The mark is a short name the vendor lists ("XHS", "FB", "1688"), else the initials of the
// platform's English name ("Douyin E-commerce" -> "DE", "TikTok" -> "TT"), else its first letters ("Do");
// the colour is a hue spread round the wheel by platform id (palette). No platform is named here: a new one gets its icon
// from its catalog entry, and marks that would collide fall back to longer ones until all differ.

const SMALL = new Set(['and', 'of', 'the', 'for', '&']);

/** The candidate marks of a platform, best first. */
function candidates(p) {
  const base = p.name.en.replace(/\s*\(.*?\)\s*/g, ' ').trim();
  const short = [base, ...p.aliases].filter((a) => /^[A-Z0-9][A-Za-z0-9]{0,3}$/.test(a));
  const words = base.split(/\s+/).filter((w) => !SMALL.has(w.toLowerCase()));
  const humps = words.length === 1 ? (words[0].match(/[A-Z][a-z]+/g) ?? []) : [];
  const initials =
    words.length > 1
      ? words.slice(0, 3).map((w) =>
          w
            .replace(/[^A-Za-z0-9]/g, '')
            .charAt(0)
            .toUpperCase(),
        )
      : humps.length > 1
        ? humps.slice(0, 3).map((h) => h.charAt(0))
        : [];
  const first = words[0].replace(/[^A-Za-z0-9]/g, '');
  const lead = (n) => first.charAt(0).toUpperCase() + first.slice(1, n).toLowerCase();
  return {
    // A short name first, then a one-word name's humps (TikTok), then a longer name's initials.
    rank: short.length ? 0 : humps.length > 1 ? 1 : initials.length ? 2 : 3,
    marks: [...short, ...(initials.length ? [initials.join('')] : []), lead(2), lead(3), lead(4)],
  };
}

/** The mark of every platform: distinct, the best candidate each can have (short names first). */
export function platformMarks(platforms) {
  const taken = new Set();
  const marks = new Map();
  const ordered = platforms
    .map((p) => ({ p, ...candidates(p) }))
    .sort((a, b) => a.rank - b.rank || a.p.id.localeCompare(b.p.id));
  for (const { p, marks: options } of ordered) {
    let mark = options.find((m) => !taken.has(m.toUpperCase()));
    for (let n = 2; !mark; n++) if (!taken.has(`${options[0]}${n}`.toUpperCase())) mark = `${options[0]}${n}`;
    taken.add(mark.toUpperCase());
    marks.set(p.id, mark);
  }
  return marks;
}

const gcd = (a, b) => (b ? gcd(b, a % b) : a);

/**
 * Colours spread evenly round the colour wheel: platform i (by id) gets slot (i * step) mod n, a step near
 * the golden ratio so platforms next to each other in the list land far apart on the wheel; neighbouring
 * slots alternate between a deeper and a lighter shade.
 */
export function palette(ids) {
  const n = ids.length;
  let step = Math.max(1, Math.round(n * 0.382));
  while (gcd(step, n) !== 1) step++;
  return new Map(
    [...ids].sort().map((id, i) => {
      const slot = (i * step) % n;
      return [id, { hue: (slot * 360) / n, deep: slot % 2 === 0 }];
    }),
  );
}

function hex(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`.toUpperCase();
}

const FONT_SIZE = [0, 34, 27, 21, 16];

/** The SVG of a tile: `fill` behind a `mark` written in `ink`. */
export function tile(mark, fill, ink) {
  const escaped = mark.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const size = FONT_SIZE[Math.min(mark.length, 4)];
  const y = 32 + Math.round(size * 0.36);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" rx="14" fill="${fill}"/><text x="32" y="${y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="${size}" font-weight="700" fill="${ink}">${escaped}</text></svg>\n`;
}

/** { light, dark } SVG texts of every platform's icon, by platform id. */
export function platformIcons(platforms) {
  const marks = platformMarks(platforms);
  const colours = palette(platforms.map((p) => p.id));
  return new Map(
    platforms.map((p) => {
      const { hue, deep } = colours.get(p.id);
      const mark = marks.get(p.id);
      // Light theme: a deep tile with white text; dark theme: a lighter tile with dark text.
      return [
        p.id,
        {
          mark,
          light: tile(mark, hex(hue, 0.65, deep ? 0.34 : 0.44), '#FFFFFF'),
          dark: tile(mark, hex(hue, 0.7, deep ? 0.62 : 0.72), '#111111'),
        },
      ];
    }),
  );
}
