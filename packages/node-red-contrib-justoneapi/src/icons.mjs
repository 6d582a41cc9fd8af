// Each platform's look, generated from the catalog (build time only): a short name, a colour and a
// mark (2-4 letters) that no other platform shares, drawn as a 40×60 SVG icon (Node-RED's icon shape).

/** The English name without its parenthetical, shortened to "First (Parenthetical)" when long. */
export function shortName(name) {
  const paren = /\(([^)]+)\)/.exec(name)?.[1];
  const bare = name.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  if (paren && bare.split(/\s+/).length > 2) return `${bare.split(/\s+/)[0]} ${paren}`;
  return bare;
}

const STOP = new Set(['and', 'of', 'the', 'for']);
const CONSONANT = /[bcdfghjklmnpqrstvwxyz]/i;

/** Marks for a name, best first: initials, camel-case capitals, first letter + next consonant, then any pair. */
function markCandidates(name) {
  const words = name.split(/\s+/).filter((w) => w && !STOP.has(w.toLowerCase()));
  const out = [];
  const first = words[0] ?? name;
  if (/^\d+$/.test(first)) out.push(first.slice(0, 4));
  if (words.length >= 2)
    out.push(
      words
        .map((w) => w[0].toUpperCase())
        .join('')
        .slice(0, 3),
    );
  const plain = first.replace(/[^A-Za-z]/g, '');
  if (plain.length <= 4 && /^[A-Z]{2}/.test(plain)) out.push(plain);
  const caps = first.replace(/[^A-Z]/g, '');
  if (caps.length >= 2 && caps.length <= 3 && caps !== first) out.push(caps);
  const letters = name.replace(/[^A-Za-z0-9]/g, '');
  const cons = letters
    .slice(1)
    .split('')
    .find((c) => CONSONANT.test(c));
  if (cons) out.push(letters[0].toUpperCase() + cons.toLowerCase());
  for (const c of letters.slice(1)) out.push(letters[0].toUpperCase() + c.toLowerCase());
  for (let i = 2; i <= letters.length; i++) out.push(letters[0].toUpperCase() + String(i));
  return out;
}

/** A hue from the platform id (stable when platforms are added), moved on until it is clear of the others. */
function hueOf(id, used) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  const clash = (x) => used.some((u) => Math.min(Math.abs(u - x), 360 - Math.abs(u - x)) < 7);
  for (let i = 0; i < 72 && clash(h); i++) h = (h + 47) % 360;
  return h;
}

function hex(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** White mark with a thin dark outline: legible on the node's colour in light and dark editor themes. */
export function iconSvg(mark) {
  const size = { 1: 22, 2: 17, 3: 13, 4: 10.5 }[mark.length] ?? 10;
  const esc = mark.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60" viewBox="0 0 40 60"><text x="20" y="${30 + size * 0.36}" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" font-weight="700" font-size="${size}" fill="#fff" stroke="#000" stroke-opacity=".35" stroke-width=".6" paint-order="stroke">${esc}</text></svg>\n`;
}

/** id -> { short, mark, color, svg } for every platform, with no two marks or colours alike. */
export function platformLooks(platforms) {
  const marks = new Set();
  const hues = [];
  const looks = {};
  for (const p of [...platforms].sort((a, b) => a.id.localeCompare(b.id))) {
    const short = shortName(p.name.en);
    const mark = markCandidates(short).find((m) => !marks.has(m.toUpperCase())) ?? p.id.slice(0, 3);
    marks.add(mark.toUpperCase());
    const hue = hueOf(p.id, hues);
    hues.push(hue);
    looks[p.id] = { short, mark, color: hex(hue, 0.55, 0.68), svg: iconSvg(mark) };
  }
  return looks;
}
