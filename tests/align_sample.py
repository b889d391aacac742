"""A small parallel text written for these tests (not taken from any corpus): 1-1 by construction."""

ZH = [
    "今年春天，这座城市新开了三座图书馆。",
    "市长在开幕式上说，阅读能让孩子们看到更大的世界。",
    "第一座图书馆位于河边的老工厂里。",
    "工人们花了两年时间把厂房改造成明亮的阅览室。",
    "第二座图书馆专门为盲人读者提供有声书。",
    "志愿者每周录制五十多本新书。",
    "第三座图书馆建在火车站旁边，二十四小时开放。",
    "许多上夜班的工人下班后会来这里看报纸。",
    "图书馆的建设资金来自一家本地银行的捐款。",
    "银行行长表示，公司希望回报这座城市。",
    "明年，市政府计划在农村地区再建十座小型图书馆。",
    "专家认为，这个计划能缩小城乡之间的教育差距。",
]
EN = [
    "This spring the city opened three new libraries.",
    "At the opening ceremony the mayor said that reading lets children see a bigger world.",
    "The first library is in an old factory by the river.",
    "Workers spent two years turning the workshop into bright reading rooms.",
    "The second library offers audiobooks for blind readers.",
    "Volunteers record more than fifty new books every week.",
    "The third library stands next to the railway station and is open twenty-four hours a day.",
    "Many night-shift workers come here to read newspapers after work.",
    "The money for the libraries came from a donation by a local bank.",
    "The bank's president said the company wanted to give something back to the city.",
    "Next year the city government plans to build ten small libraries in rural areas.",
    "Experts believe the plan can narrow the education gap between town and countryside.",
]
