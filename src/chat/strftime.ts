// Python's datetime.strftime for the directives chat templates use (strftime_now("%d %b %Y") in Llama
// 3.2+), in local time and the C locale's English names, as transformers' datetime.now().strftime() gives.
// Not locale-aware and not a full strftime: an unknown directive is copied through, as glibc does.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  const today = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  return Math.round((today.getTime() - start.getTime()) / 86_400_000) + 1;
}

function directive(date: Date, code: string): string | undefined {
  const hours12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  switch (code) {
    case 'a': return DAYS[date.getDay()].slice(0, 3);
    case 'A': return DAYS[date.getDay()];
    case 'b': return MONTHS[date.getMonth()].slice(0, 3);
    case 'B': return MONTHS[date.getMonth()];
    case 'd': return pad(date.getDate());
    case 'H': return pad(date.getHours());
    case 'I': return pad(hours12);
    case 'j': return pad(dayOfYear(date), 3);
    case 'm': return pad(date.getMonth() + 1);
    case 'M': return pad(date.getMinutes());
    case 'p': return date.getHours() < 12 ? 'AM' : 'PM';
    case 'S': return pad(date.getSeconds());
    case 'y': return pad(date.getFullYear() % 100);
    case 'Y': return String(date.getFullYear());
    case 'z': case 'Z': return ''; // datetime.now() is naive: no zone
    case '%': return '%';
    default: return undefined;
  }
}

/** Formats `date` (local time) like Python's `date.strftime(format)`. */
export function strftime(date: Date, format: string): string {
  return format.replace(/%(.)/gs, (whole, code: string) => directive(date, code) ?? whole);
}
