// One parse per phone number. A number is asked about several times on its way in — read from a
// form or a file, prepared, line-checked, made searchable — and shown in two formats on every
// profile; libphonenumber's parse, validity test, type and formats cost 5–30 µs each. What it says
// about a number never changes, so the answers are remembered (bounded; cleared when full).
import parsePhoneNumber, { type CountryCode, type NumberType, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * How many numbers are remembered: written forms are needed again only while their row or request is worked on;
 * stored ones are shown on profiles and lists again and again.
 */
const WRITTEN_LIMIT = 5_000;
const STORED_LIMIT = 20_000;

/** What is known about one valid number, each part worked out when first asked for. */
export class PhoneFacts {
  #national?: string;
  #international?: string;
  #type?: NumberType;
  #typeKnown = false;
  #valid?: boolean;
  constructor(
    private readonly parsed: PhoneNumber | undefined,
    readonly e164: string,
  ) {}
  get country(): string | null {
    return this.parsed?.country ?? null;
  }
  get valid(): boolean {
    return (this.#valid ??= this.parsed?.isValid() ?? false);
  }
  get national(): string {
    return (this.#national ??= this.parsed?.formatNational() ?? this.e164);
  }
  get international(): string {
    return (this.#international ??= this.parsed?.formatInternational() ?? this.e164);
  }
  /** libphonenumber's type from its metadata (MOBILE, FIXED_LINE …), undefined when it cannot tell. */
  get type(): NumberType {
    if (!this.#typeKnown) {
      this.#type = this.parsed?.getType();
      this.#typeKnown = true;
    }
    return this.#type;
  }
}

const byE164 = new Map<string, PhoneFacts>();
/** Written numbers (with the country assumed) → the valid number they are, or null. */
const byInput = new Map<string, PhoneFacts | null>();

function remember<V>(map: Map<string, V>, limit: number, key: string, value: V): V {
  if (map.size >= limit) map.clear();
  map.set(key, value);
  return value;
}

/** A stored E.164 number's facts (formats, country, type). */
export function phoneFacts(e164: string): PhoneFacts {
  return byE164.get(e164) ?? remember(byE164, STORED_LIMIT, e164, new PhoneFacts(parsePhoneNumber(e164), e164));
}

/**
 * A written number ("+49 30 1234567", "(555) 201-1000" with country US) as a valid number, or null.
 * `country` is the default country for numbers written without a country code.
 */
export function validPhone(text: string, country?: string): PhoneFacts | null {
  // A number already in E.164 form (as stored, or as read a moment ago) is the number it names.
  const stored = text.startsWith('+') ? byE164.get(text) : undefined;
  if (stored?.valid) return stored;
  const key = `${country ?? ''}|${text}`;
  const known = byInput.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumber(text, country as CountryCode | undefined);
  if (!parsed || !parsed.isValid()) return remember(byInput, WRITTEN_LIMIT, key, null);
  const facts =
    byE164.get(parsed.number) ?? remember(byE164, STORED_LIMIT, parsed.number, new PhoneFacts(parsed, parsed.number));
  return remember(byInput, WRITTEN_LIMIT, key, facts);
}
