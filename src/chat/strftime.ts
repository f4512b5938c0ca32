// Python's datetime.strftime on glibc for the directives chat templates use (strftime_now("%d %b %Y")
// in Llama 3.2+, "%-d %B %Y" elsewhere), in local time and the C locale, as transformers'
// datetime.now().strftime() gives: C99's directives, glibc's '-' flag (no padding), ISO weeks. Not
// locale-aware: an unknown directive is copied through, as glibc does.

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

/** The ISO 8601 week-numbering year and week of `date` (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(date: Date): { year: number; week: number } {
  const thursday = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 3 - ((date.getDay() + 6) % 7));
  return { year: thursday.getFullYear(), week: Math.floor((dayOfYear(thursday) - 1) / 7) + 1 };
}

function directive(date: Date, code: string): string | undefined {
  const hours12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  const yday = dayOfYear(date) - 1;
  const weekday = date.getDay(); // 0 is Sunday
  const at = (format: string) => strftime(date, format);
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
    case 'f': return pad(date.getMilliseconds() * 1000, 6); // Python's microseconds; a Date holds milliseconds
    case 'y': return pad(date.getFullYear() % 100);
    case 'Y': return String(date.getFullYear());
    case 'e': return String(date.getDate()).padStart(2, ' ');
    case 'h': return at('%b');
    case 'C': return pad(Math.floor(date.getFullYear() / 100));
    case 'D': case 'x': return at('%m/%d/%y');
    case 'F': return at('%Y-%m-%d');
    case 'T': case 'X': return at('%H:%M:%S');
    case 'R': return at('%H:%M');
    case 'r': return at('%I:%M:%S %p');
    case 'c': return at('%a %b %e %H:%M:%S %Y');
    case 'u': return String(weekday === 0 ? 7 : weekday);
    case 'w': return String(weekday);
    case 'U': return pad(Math.floor((yday + 7 - weekday) / 7));
    case 'W': return pad(Math.floor((yday + 7 - ((weekday + 6) % 7)) / 7));
    case 'V': return pad(isoWeek(date).week);
    case 'G': return String(isoWeek(date).year);
    case 'g': return pad(isoWeek(date).year % 100);
    case 'n': return '\n';
    case 't': return '\t';
    case 'z': case 'Z': return ''; // datetime.now() is naive: no zone
    case '%': return '%';
    default: return undefined;
  }
}

/** Formats `date` (local time) like Python's `date.strftime(format)` on glibc; `%-d` drops the padding (glibc's flag). */
export function strftime(date: Date, format: string): string {
  return format.replace(/%(-?)(.)/gs, (whole, flag: string, code: string) => {
    const text = directive(date, code);
    if (text === undefined) return whole;
    return flag && /^[ 0]+\d/.test(text) ? text.replace(/^[ 0]+(?=\d)/, '') : text;
  });
}
