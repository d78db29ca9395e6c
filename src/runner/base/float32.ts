// Maelstrom reports ratios (msgs-per-op, ok-fraction) as Java `float`s. formatFloat32 prints a
// number the way Java's Float.toString does; toFloat32 gives the number JSON should carry so
// that results.json shows the same digits results.edn would (e.g. 8.181818, not 8.181818008…).
// formatDouble is Java's Double.toString, for the doubles a service prints in an error text.

/**
 * Java's Float.toString of Math.fround(x): the shortest decimal (at least two significant
 * digits considered, as JDK 19+ does) that rounds back to the same float, plain between 1e-3
 * and 1e7 ("81315.37", "5.0"), computerized scientific notation outside ("1.0E7", "1.0E-4").
 * Limit: among equally short candidates we take the one closest to the float as
 * Number#toExponential rounds (half up), where Java breaks exact ties to even; such ties are
 * practically unreachable for ratios of counts.
 */
export function formatFloat32(x: number): string {
  return formatJava(Math.fround(x), Math.fround, 9);
}

/** Java's Double.toString, with the same rules and the same limit as formatFloat32. */
export function formatDouble(x: number): string {
  return formatJava(x, (n) => n, 17);
}

/** `round` maps a number to the nearest value of the Java type; `maxDigits` always round-trips. */
function formatJava(f: number, round: (n: number) => number, maxDigits: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const sign = f < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(Math.abs(f), round, maxDigits);
  const abs = Math.abs(f);
  if (abs >= 1e-3 && abs < 1e7) return sign + plain(digits, exponent);
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/** The number to store in JSON for a float32 result: it prints as formatFloat32 does. */
export function toFloat32(x: number): number {
  const f = Math.fround(x);
  return Number.isFinite(f) ? Number(formatFloat32(f)) : f;
}

/** Significant digits (no trailing zeros) and decimal exponent of the first digit. */
function shortestDigits(f: number, round: (n: number) => number, maxDigits: number): { digits: string; exponent: number } {
  // Two digits first: Java never prints a one-digit decimal when a closer two-digit one exists
  // (Float.MIN_VALUE is 1.4E-45, not 1.0E-45). A float needs at most 9 digits, a double 17.
  for (let precision = 2; precision < maxDigits; precision++) {
    const text = f.toExponential(precision - 1);
    if (round(Number(text)) === f) return splitExponential(text);
  }
  return splitExponential(f.toExponential(maxDigits - 1));
}

function splitExponential(text: string): { digits: string; exponent: number } {
  const [mantissa, exp] = text.split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  return { digits, exponent: Number(exp) };
}

function plain(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intDigits = exponent + 1;
  const whole = digits.length > intDigits ? digits.slice(0, intDigits) : digits.padEnd(intDigits, '0');
  const fraction = digits.slice(intDigits);
  return `${whole}.${fraction || '0'}`;
}
