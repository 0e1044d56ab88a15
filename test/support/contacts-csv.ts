// Deterministic dirty contact CSVs, shared by the tests and `npm run bench` (which imports this
// file directly: Node 24 strips the types). The same seed and size give the same bytes. About
// 7% of emails repeat with a different person (DUPLICATE_EMAIL), 5% repeat the same person
// (merged silently), 2% are invalid, 1% missing; names are often non-ASCII and some fields are
// quoted with delimiters or line breaks. Keep it to erasable TypeScript (no enums, namespaces
// or parameter properties) so that Node can run it unbuilt.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Amélie',
  'Björn',
  'Chloé',
  'Dmitri',
  'Li',
  'Priya',
  'Kwame',
  'Fatima',
  'Noah',
  'Emma',
  'Olivia',
  'Mateo',
  'Yuki',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'García',
  'Müller',
  'Nowak',
  'Kierkegaard',
  'Dubois',
  'Öberg',
  'Ivanov',
  'Wang',
  'Patel',
  'Mensah',
  'Haddad',
  'Smith',
  'Brown',
  'Rossi',
  'Tanaka',
  'Silva',
  'Kim',
];
const COMPANY = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  '',
];
const CITY = [
  'London',
  'Paris',
  'Berlin',
  'São Paulo',
  'Zürich',
  'Kraków',
  'New York',
  'Tokyo',
  'Lagos',
  'Mumbai',
];
const pick = (rand: () => number, list: string[]): string => list[Math.floor(rand() * list.length)];
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;

interface Person {
  email: string;
  first: string;
  last: string;
}

/** A CSV of `rows` data rows (plus a header): what the crash tests and `npm run bench` load. */
export function generateContactsCsv(rows: number, seed = 42): Buffer {
  const rand = mulberry32(seed);
  const chunks: Buffer[] = [];
  const recent: Person[] = [];
  let chunk = 'Email,First Name,Last Name,Company,Phone,City,Notes\n';
  for (let i = 0; i < rows; i += 1) {
    let first = pick(rand, FIRST);
    let last = pick(rand, LAST);
    let email = `${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${i}@example${i % 97}.com`;
    const r = rand();
    if (r < 0.07 && recent.length > 0) {
      email = recent[Math.floor(rand() * recent.length)].email; // same email, another person
    } else if (r < 0.12 && recent.length > 0) {
      const twin = recent[Math.floor(rand() * recent.length)];
      ({ email, first, last } = twin); // same email, same person
      email = rand() < 0.5 ? email.toUpperCase() : ` ${email} `;
    } else if (r < 0.14) {
      email = `broken${i}.example.com`;
    } else if (r < 0.15) {
      email = '';
    }
    if (recent.length < 512) recent.push({ email: email.trim().toLowerCase(), first, last });
    else recent[i % 512] = { email: email.trim().toLowerCase(), first, last };
    const company = pick(rand, COMPANY);
    const phone = rand() < 0.3 ? '' : `+44 20 ${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    const notes = rand() < 0.05 ? quote(`Met at ${pick(rand, CITY)}, "VIP"\nfollow up`) : '';
    chunk += `${email},${first},${last},${company.includes(' ') ? quote(company) : company},${phone},${pick(rand, CITY)},${notes}\n`;
    if (chunk.length > 1 << 16) {
      chunks.push(Buffer.from(chunk));
      chunk = '';
    }
  }
  chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
