# annual.tpl - the 法治政府建设年度报告 as data (docs/report.md).
#
# The district's published report (2023: 柯桥区法治政府建设年度报告,
# 索引号 00258207-5/2024-71720, 发布机构 区政府办(外事办), 组配分类
# 法治政府建设年度报告) is the model: 一、年度工作总结 in parts, 二、存在
# 问题, 三、下一年度工作计划.  Lines:
#   @key value      the report's particulars (title, organ, publisher,
#                   index: the 组织机构代码 of the 索引号, category)
#   = text          a level-one heading (numbered 一、 二、 …)
#   == text         a level-two heading (numbered （一） （二） …)
#   other text      a paragraph
# In any text {year} and {prev} are the report's year and the one before,
# {metric} a figure from the metrics registry (docs/metrics.md) over the
# report's year and unit, {metric:style} written in a style: exact, wan
# (2.37万, 9.99亿), yu (7700余, 8万余), pct (62.1%), pct2 (26.39%), yoy
# (同比增长26.39% against the year before).  Counts default to exact,
# rates to pct; sums of money are written in 元.
@title 柯桥区{year}年法治政府建设年度报告
@organ 绍兴市柯桥区人民政府
@publisher 区政府办（外事办）
@index 00258207-5
@category 法治政府建设年度报告
{year}年，柯桥区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，以数字化改革为牵引，推进严格规范公正文明执法，健全行政争议实质性化解机制，法治政府建设各项工作取得新成效。现将有关情况报告如下。
= {year}年度法治政府建设工作总结
== 深化行政执法规范化建设
全面推行行政执法“三项制度”，所有行政检查和行政处罚赋行政行为码，当事人扫码即可核验执法信息并作出评价，全年行政行为码评价满意率{enforce.satisfaction}。严格落实行政裁量权基准制度，处罚金额超出裁量基准幅度的决定占比{enforce.outside_range:pct2}，均已说明理由并经法制审核。
深化行政执法与刑事司法衔接，全年向公安机关移送涉嫌犯罪案件{enforce.transfers}件，{enforce.transfers:yoy}；达到刑事追诉标准案件的移送率{enforce.transfer_rate}。
== 发挥行政复议化解行政争议主渠道作用
依托全区行政复议基层服务站推进复议申请“全域通办”，网上申请、就近受理。全年行政复议案件调撤率{review.tiaoche}，纠错率{review.jiucuo}，经复议后起诉案件的败诉率{review.lost}；行政机关负责人出庭应诉率{review.appearance}。
== 推进矛盾纠纷多元化解
坚持和发展新时代“枫桥经验”，整合人民调解、诉前调解、劳动争议调解和人身损害赔偿快处力量，全年调解各类矛盾纠纷{mediate.mediated:wan}件，{mediate.mediated:yoy}，调解成功率{mediate.success}，涉及金额{mediate.amount:wan}元，达成协议金额{mediate.agreed:wan}元。
== 强化法治督察和问题整改
围绕法治政府建设重点任务开展法治督察，坚持“一点一清单”，对发现的问题逐项交办、限期整改、验收销号。全年印发法治督察通报{supervise.notices}份、整改提醒函{supervise.reminders}份，督察发现问题整改销号率{supervise.closed}，按期整改率{supervise.ontime}。
= 存在的问题
一是基层执法队伍法治素养和办案能力仍需提升，部分执法文书说理不够充分；二是行政争议源头预防机制有待完善，部分领域行政复议纠错率仍然偏高；三是矛盾纠纷多元化解各方力量的协同仍需加强。
= {next}年度工作计划
一是持续提升行政执法质量，深化行政执法监督，推动执法规范化向基层延伸；二是做优做强行政复议，强化复议纠错和个案监督，推动行政争议实质性化解；三是深化矛盾纠纷多元化解，推进诉源治理，切实维护社会和谐稳定。
