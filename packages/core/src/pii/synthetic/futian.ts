// Futian district place names for synthetic addresses: the ten sub-districts (街道), roads that run through
// them, and housing estates and buildings. Each entry is "traditional|simplified" (one form when both agree).
// Real names, so addresses read true; house and room numbers are random, so no address is anyone's.

export const FUTIAN_SUBDISTRICTS: readonly string[] = [
  '園嶺|园岭 南園|南园 福田 沙頭|沙头 香蜜湖 蓮花|莲花 華富|华富 福保',
  '華強北|华强北 梅林',
].flatMap((line) => line.split(' '));

export const FUTIAN_ROADS: readonly string[] = [
  '八卦路 紅荔路|红荔路 百花二路 上步中路 園嶺五街|园岭五街 濱河大道|滨河大道 南園路|南园路 華強南路|华强南路',
  '燕南路 福華路|福华路 福民路 金田路 皇崗路|皇岗路 福田路 深南大道 沙嘴路',
  '新洲路 泰然九路 香蜜湖路 農園路|农园路 紅荔西路|红荔西路 僑香路|侨香路 蓮花路|莲花路 景田路',
  '商報路|商报路 新聞路|新闻路 彩田路 華富路|华富路 福中路 福強路|福强路 福榮路|福荣路 桃花路',
  '紅花路|红花路 華強北路|华强北路 振興路|振兴路 振華路|振华路 梅林路 中康路 梅華路|梅华路 北環大道|北环大道',
].flatMap((line) => line.split(' '));

export const FUTIAN_ESTATES: readonly string[] = [
  '景田花園|景田花园 蓮花北村|莲花北村 香蜜二村 福華大廈|福华大厦 華富村|华富村 梅林一村 園嶺新村|园岭新村 新洲花園|新洲花园',
  '皇崗花園|皇岗花园 天安數碼城|天安数码城 華強廣場|华强广场 彩田公寓 福保花園|福保花园 沙頭大廈|沙头大厦 南園新村|南园新村 僑香公寓|侨香公寓',
].flatMap((line) => line.split(' '));
