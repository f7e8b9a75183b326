// E-mail addresses as people write them in forms: a dot-atom local part (no quoted strings or comments, which
// RFC 5322 allows and nobody types), a host name of LDH labels, and an alphabetic top-level domain (or an IDNA
// xn-- label). QQ-style all-digit local parts (12345678@qq.com) are common and valid.
const EMAIL =
  /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/;

export function isEmail(value: string): boolean {
  if (value.length < 6 || value.length > 254) return false;
  const at = value.indexOf('@');
  if (at < 1 || at > 64) return false;
  return EMAIL.test(value);
}
