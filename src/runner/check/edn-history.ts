// Jepsen's history.edn (Maelstrom writes one op map per line with prn; some tools write one
// vector of maps) read with edn-data into plain values: keywords become strings without the
// colon ([:r 1 nil] → ["r", 1, null]), sets and lists arrays, `#jepsen.history.Op{…}` its map.
// Numbers keep what Clojure keeps apart, as exact-json does for JSON: `1.0` is a JsonFloat, not
// the integer 1, and an integer beyond 2^53 a bigint.
import { EDNListParser } from 'edn-data/dist/parse.js';
import { JsonFloat } from '../base/exact-json.js';

const integer = /^[-+]?(0|[1-9][0-9]*)N?$/;
const decimal = /^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?M?$/;

/** The exact value of a number token, or undefined for any other token. */
export function ednNumber(token: string): number | bigint | JsonFloat | undefined {
  if (integer.test(token)) {
    const digits = token.replace(/^\+/, '').replace(/N$/, '');
    const value = Number(digits);
    return Number.isSafeInteger(value) ? value : BigInt(digits);
  }
  if (!decimal.test(token)) return undefined;
  const text = token.replace(/^\+/, '').replace(/M$/, '');
  const value = Number(text);
  // 1.0 and 1M are not 1 in Clojure; 1.5 is a plain number either way.
  return Number.isInteger(value) ? new JsonFloat(value, /[.eE]/.test(text) ? text : `${text}.0`) : value;
}

class ExactEdnParser extends EDNListParser {
  override match(): void {
    const exact = ednNumber(this.state);
    if (exact === undefined) return super.match();
    this.result = exact;
    this.state = '';
  }
}

/** Every top-level form of `text`, in order. Throws on text edn-data cannot read. */
export function parseEdnForms(text: string): unknown[] {
  const parser = new ExactEdnParser({
    mapAs: 'object',
    setAs: 'array',
    listAs: 'array',
    keywordAs: 'string',
    symbolAs: 'string',
    charAs: 'string',
    // A record prints as its tag and map: the map is the op.
    tagHandlers: { 'jepsen.history.Op': (value) => value },
  });
  // The parser reads a stream as one list: "(" starts it, the ")" that closes it ends the stream.
  const forms = parser.next(`(${text}\n)`);
  if (!parser.isDone()) throw new Error('the EDN ends inside an unclosed form');
  return forms.filter((f) => f !== undefined);
}
