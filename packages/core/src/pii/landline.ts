// Fixed-line numbers: trunk prefix 0 + area code + subscriber number. Area codes are 010 and 020–029 (three
// digits, 8-digit subscriber numbers) or 0300–0999 (four digits, 7- or 8-digit subscriber numbers); there is no
// other 01x or 02x code, which makes the split unambiguous even without a separator (075583001234). Subscriber
// numbers start with 2–8: 0 and 1 are prefixes and 9 leads to service numbers. Accepted dress: (0755) 8300 1234,
// 0755-83001234, +86 755 83001234 / 0086-755-…, and an extension after -, 轉, 转, ext, x or #.
const LANDLINE =
  /^(?:(?:\+86|0086)[ -]?|\(?0)(10|2\d|[3-9]\d\d)\)?[ -]?([2-8]\d{2,3})[ -]?(\d{4})(?:(?:-|轉|转| ?ext\.? ?| ?[xX#] ?)\d{1,6})?$/;

export function isLandline(value: string): boolean {
  if (value.length < 10 || value.length > 32) return false;
  const m = LANDLINE.exec(value);
  if (!m) return false;
  const subscriberLength = (m[2] as string).length + 4;
  // m[1] is the area code without its 0: two digits (010, 02x) call for 8 subscriber digits, three allow 7 or 8
  return (m[1] as string).length === 3 || subscriberLength === 8;
}
