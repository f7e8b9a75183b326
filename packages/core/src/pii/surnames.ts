// Surname data for person-name detection and synthetic names, in simplified and traditional script (the two
// strings of a pair are aligned character by character). Where the traditional script keeps the simplified form
// for the surname (于, 余, 范, 涂, 游, 党, 郁…), both strings carry the same character.
//
// COMMON: the 100 most frequent surnames (about 85% of the population), in frequency order; the column scanner
// uses their share as evidence that a column holds names rather than words.
// OTHER: about 330 further surnames. Left out on purpose: rare surnames that are everyday function or word
// characters (是 有 來 那 但 才 從 由 過 區 國 明 海 東 南 水 山 平 和 生 信 光 保 德 …); together they cover far under
// 0.1% of people, and with them almost any two-character word would pass for a name.

export const COMMON_SURNAMES_SIMPLIFIED =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const COMMON_SURNAMES_TRADITIONAL =
  '王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾肖田董袁潘于蔣蔡余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋付方白鄒孟熊秦邱江尹薛閆段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴覃武戴莫孔向湯';

export const OTHER_SURNAMES_SIMPLIFIED =
  '常康易乔赖文施洪辛柯庄温牛樊葛邢安齐伍庞颜倪尚聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁符阮纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游靳欧管柴蒙鲍华喻祁房滕屈饶解牟艾尤时阳阎穆应农司古吉卓车简连缪项麦褚窦' +
  '娄戚岑党宫景卜费冷晏卫席柏米隋宗桂瞿全苟闵佟臧边尉刁栾邬商井郎强蔺池鞠丛谈甄巫顿封昌沃荣廉屠索仇芦虞惠寇宿韶邝伏占植官仲权郁楚查练燕习闻杭卞舒丘蒲鄢扈靖滑姬衡晁阚揭敖卿储薄苑佘富丰栗谌麻隆狄宣勾邸雍芮' +
  '晋朴嵇匡荆迟班玉仝桑冀奚禹云羊帅竺檀巩谯寿钮钭尧邰贝况庹佐茅弓逄皮戈虎訾酆洛巴郜凤鄂冼贲茹蓬鲜蔚乌宇荀鱼郗桓綦逯汝蒯亓盖祖闭菅眭杲伊旷冶禤侍宦漆雒厉邴昝亢鄞阙赫恽甫汲粟肇隗蹇傅萧於戎祢慕邗阴黔冒么计糜' +
  '璩满融益苍郦沙缑殳仉督钦郏浦别庾暨夔厍乜巢禄弘慎须毋苌闾沐琴虢';
export const OTHER_SURNAMES_TRADITIONAL =
  '常康易喬賴文施洪辛柯莊溫牛樊葛邢安齊伍龐顏倪尚聶章魯岳翟殷詹申耿關蘭焦俞左柳甘祝包寧符阮紀梅童凌畢單季裴霍涂成苗谷盛曲翁冉駱藍路游靳歐管柴蒙鮑華喻祁房滕屈饒解牟艾尤時陽閻穆應農司古吉卓車簡連繆項麥褚竇' +
  '婁戚岑党宮景卜費冷晏衛席柏米隋宗桂瞿全苟閔佟臧邊尉刁欒鄔商井郎強藺池鞠叢談甄巫頓封昌沃榮廉屠索仇蘆虞惠寇宿韶鄺伏占植官仲權郁楚查練燕習聞杭卞舒丘蒲鄢扈靖滑姬衡晁闞揭敖卿儲薄苑佘富豐栗諶麻隆狄宣勾邸雍芮' +
  '晉朴嵇匡荊遲班玉仝桑冀奚禹雲羊帥竺檀鞏譙壽鈕鈄堯邰貝況庹佐茅弓逄皮戈虎訾酆洛巴郜鳳鄂冼賁茹蓬鮮蔚烏宇荀魚郗桓綦逯汝蒯亓蓋祖閉菅眭杲伊曠冶禤侍宦漆雒厲邴昝亢鄞闕赫惲甫汲粟肇隗蹇傅蕭於戎禰慕邗陰黔冒么計糜' +
  '璩滿融益蒼酈沙緱殳仉督欽郟浦別庾暨夔厙乜巢祿弘慎須毋萇閭沐琴虢';

/** Compound (two-character) surnames, simplified and traditional aligned. */
export const COMPOUND_SURNAMES_SIMPLIFIED: readonly string[] = (
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 西门 南宫 独孤 ' +
  '百里 呼延 澹台 公冶 太史 申屠 闻人 万俟 赫连 第五 梁丘 左丘 东郭 拓跋 司空 公羊 濮阳 淳于 单于 仲孙 ' +
  '宗政 亓官 羊舌 微生 谷梁 乐正 壤驷 公良 漆雕 巫马 子车 颛孙 段干 闾丘 东门 南门 呼衍 即墨 宰父 公西 ' +
  '司寇'
).split(' ');
export const COMPOUND_SURNAMES_TRADITIONAL: readonly string[] = (
  '歐陽 司馬 上官 諸葛 東方 皇甫 尉遲 公孫 慕容 長孫 宇文 司徒 夏侯 軒轅 令狐 鍾離 端木 西門 南宮 獨孤 ' +
  '百里 呼延 澹臺 公冶 太史 申屠 聞人 万俟 赫連 第五 梁丘 左丘 東郭 拓跋 司空 公羊 濮陽 淳于 單于 仲孫 ' +
  '宗政 亓官 羊舌 微生 穀梁 樂正 壤駟 公良 漆雕 巫馬 子車 顓孫 段干 閭丘 東門 南門 呼衍 即墨 宰父 公西 ' +
  '司寇'
).split(' ');

/** Approximate share of the population (per 10,000) of each COMMON surname, same order; for synthetic names. */
export const COMMON_SURNAME_WEIGHTS: readonly number[] = [
  712, 700, 674, 538, 453, 308, 223, 200, 199, 187, 145, 138, 129, 126, 116, 115, 114, 113, 113, 107,
  97, 96, 85, 77, 76, 72, 70, 70, 70, 67, 66, 63, 62, 61, 60, 56, 56, 55, 55, 54,
  54, 51, 51, 50, 48, 47, 47, 46, 45, 44, 44, 43, 42, 41, 41, 40, 39, 37, 37, 36,
  35, 35, 34, 33, 33, 32, 32, 31, 31, 30, 30, 30, 29, 29, 28, 27, 27, 26, 26, 26,
  25, 25, 24, 24, 23, 23, 23, 22, 22, 21, 21, 21, 20, 20, 20, 19, 19, 18, 18, 18,
];
