// Given-name characters for synthetic names: most draws come from the frequent set (../given-name-chars.ts), some
// from these rarer ones — real columns hold both, and the column scanner must not depend on the frequent set alone.
export const RARE_NAME_CHARS_SIMPLIFIED = '翀昶旻翾燊堃淏喆曌赟珺暐晞曜锴钊隽骞麒彧祎沅汐洺瀚澍澈濯灏炅烜焜珩璿玺珵攸昀昉';
export const RARE_NAME_CHARS_TRADITIONAL = '翀昶旻翾燊堃淏喆曌贇珺暐晞曜鍇釗雋騫麒彧禕沅汐洺瀚澍澈濯灝炅烜焜珩璿璽珵攸昀昉';
