# 简体中文（默认语言）。每个键在 en/main.ftl 中必须有对应翻译。

service-name = 残疾人服务一件事
skip-to-content = 跳到主要内容
nav-label = 账号
nav-account = 我的账号
nav-sign-in = 登录
nav-register = 注册
nav-sign-out = 退出登录
prefs-label = 语言和显示
switch-language = English
display-text-large = 大字模式
display-text-standard = 标准字号
display-contrast-high = 高对比度
display-contrast-standard = 标准对比度
footer-free = 残疾人证办理和相关服务全部免费。
footer-privacy = 残疾信息属于敏感个人信息，我们只为办理您申请的事项使用，工作人员每次查看都会留下记录。
back-to-account = 返回我的账号

## Session timeout
session-label = 登录状态
session-timeout-notice = 为保护您的信息，{ $minutes } 分钟内没有操作将自动退出登录。如不继续操作，将于 { $time } 退出。
session-extend = 继续登录
session-warning-title = 您即将被退出登录
session-warning-body = 由于长时间没有操作，您将于 { $time } 被退出登录。选择“继续登录”可以延长时间，已填写的内容不会丢失。

## Notices
notice-registered = 注册成功，您已登录。
notice-signed-out = 您已退出登录。
notice-session-expired = 由于长时间没有操作，您已被退出登录。请重新登录。
notice-session-extended = 已为您延长登录时间。
notice-signed-out-elsewhere = 您的密码已更改，请重新登录。
notice-password-changed = 密码已修改。其他设备上的登录已退出。
notice-password-reset = 密码已重设，请用新密码登录。

## Errors in forms
error-summary-title = 请修改以下问题
error-prefix = 错误：
error-title-prefix = 错误：

## Error pages
error-go-home = 返回首页
error-400-title = 请求有误
error-400-body = 无法处理这个请求。请返回上一页重试。
error-403-title = 无法完成操作
error-403-body = 页面已过期或您没有权限。请返回上一页，刷新后重试。
error-404-title = 找不到页面
error-404-body = 如果您输入了网址，请检查是否正确。如果您粘贴了网址，请确认复制完整。
error-405-title = 无法这样访问此页面
error-405-body = 这个页面不支持这种请求方式。请从首页重新开始。
error-413-title = 提交的内容太大
error-413-body = 提交的内容超过了允许的大小。请减少内容后重试。
error-429-title = 请求太频繁
error-429-body = 请稍后再试。
error-500-title = 抱歉，服务出现问题
error-500-body = 请稍后再试。您已填写的内容已保存。如果问题持续，请联系当地县级残联。

## Home
home-title = 首页
home-heading = 残疾人证“一件事一次办”
home-lead = 填一张表、交一套材料，就能办理残疾人证，并同时申请随证办理的补贴、保险、就业等服务。
home-matters-heading = 可以办理的残疾人证事项
matter-new = 新办残疾人证
matter-renewal = 换领残疾人证（到期换证、残损换新、资料更新）
matter-migration = 迁移残疾人证（户口迁移后）
matter-replacement = 挂失补办残疾人证
matter-cancellation = 注销残疾人证
matter-change = 残疾类别或等级变更
home-linked-heading = 可以一并申请的服务
home-linked-intro = 拿到残疾人证后，符合条件的服务会自动转到相关部门办理，不需要重复提交材料：
service-living-subsidy = 困难残疾人生活补贴
service-nursing-subsidy = 重度残疾人护理补贴
service-pension = 城乡居民基本养老保险登记和补助
service-medical-insurance = 城乡居民基本医疗保险登记
service-employment = 就业帮扶（培训登记、政策咨询和职业介绍）
service-business = 个体工商户登记
home-who-heading = 谁可以申请
home-who-body = 残疾人本人可以申请。未满 18 岁的残疾人和智力、精神残疾人由监护人代为申请。行动不便的，可以委托村（社区）帮代办人员代为申请。
home-free = 办理全程免费，证件可以邮寄或由乡镇（街道）送达，不需要本人去领取。
home-register = 注册账号
home-have-account = 已有账号？
home-go-account = 进入我的账号

## Fields
field-real-name = 姓名
field-real-name-hint = 与居民身份证上的姓名一致
field-id-number = 居民身份证号码
field-id-number-hint = 18 位，最后一位可能是 X
field-phone = 手机号码
field-phone-hint = 11 位手机号码，用于接收办理进度通知
field-email = 电子邮箱
field-email-optional = 电子邮箱（选填）
field-email-hint = 用于找回密码和接收通知。没有可以不填。
field-password = 密码
field-password-hint = 至少 8 个字符
field-password-confirm = 再次输入密码
field-current-password = 当前密码
field-new-password = 新密码
field-identifier = 身份证号码或手机号码
field-identifier-hint = 输入注册时填写的身份证号码或手机号码

## Validation
register-name-empty = 请输入姓名
register-name-length = 姓名应为 2 到 40 个字
register-name-characters = 姓名只能包含汉字、字母和间隔号“·”
id-number-empty = 请输入居民身份证号码
id-number-format = 身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X
id-number-birth-date = 身份证号码中的出生日期（第 7 到 14 位）不是有效日期
id-number-checksum = 身份证号码有误，请逐位核对（最后一位校验码不符）
id-number-future = 身份证号码中的出生日期晚于今天，请核对
phone-empty = 请输入手机号码
phone-format = 手机号码应为以 1 开头的 11 位数字
email-format = 请输入正确的电子邮箱地址，例如 name@example.cn
password-empty = 请输入密码
password-too-short = 密码至少需要 8 个字符
password-too-long = 密码不能超过 128 个字符
password-mismatch = 两次输入的密码不一致
password-current-empty = 请输入当前密码
password-current-wrong = 当前密码不正确
register-id-taken = 这个身份证号码已经注册过。请直接登录，或使用“忘记密码”找回。
register-phone-taken = 这个手机号码已经被其他账号使用
register-email-taken = 这个电子邮箱已经被其他账号使用

## Register
register-title = 注册
register-heading = 注册账号
register-intro = 请用残疾人本人或监护人的真实身份注册。注册后，可以为自己申请，也可以为您监护的人申请。
register-privacy = 我们会按照规定保护您的个人信息。身份证号码和手机号码在页面上只显示部分数字。
register-submit = 注册

## Login
login-title = 登录
login-heading = 登录
login-submit = 登录
login-forgot = 忘记密码？
login-no-account = 还没有账号？
login-identifier-empty = 请输入身份证号码或手机号码
login-password-empty = 请输入密码
login-failed = 账号或密码不正确
login-locked = 登录失败次数过多，为保护账号安全，请在 { $time } 之后再试。

## Account
account-title = 我的账号
account-heading = 我的账号
account-demo = 演示账号：仅用于体验，数据不是真实信息
account-details = 账号信息
account-no-email = 未填写
account-roles = 身份
account-security = 账号安全
role-applicant = 申请人
role-helper = 帮代办人员
role-county-clerk = 县级残联办证员
role-doctor = 评残医生
role-hukou-clerk = 户籍地残联审核员
role-department-officer = 部门经办人
role-admin = 管理员

## Password change and reset
password-change-title = 修改密码
password-change-submit = 修改密码
forgot-title = 找回密码
forgot-heading = 找回密码
forgot-intro = 输入您的身份证号码或手机号码。如果账号填写了电子邮箱，我们会把重设密码的链接发到这个邮箱。
forgot-submit = 发送重设链接
forgot-no-email = 如果注册时没有填写电子邮箱，请带上身份证到当地县级残联或乡镇（街道）办理窗口重设密码。
forgot-sent-title = 请查收邮件
forgot-sent-heading = 请查收邮件
forgot-sent-body = 如果这个账号填写了电子邮箱，我们已经发送了重设密码的链接。链接 30 分钟内有效，只能使用一次。
reset-title = 设置新密码
reset-heading = 设置新密码
reset-submit = 保存新密码
reset-invalid-title = 链接已失效
reset-invalid-body = 这个重设密码的链接已经过期或已经使用过。
reset-invalid-again = 重新获取链接
reset-mail-subject = 重设您的密码 – 残疾人服务一件事
reset-mail-body =
    { $name }，您好：

    我们收到了重设您账号密码的申请。请在 { $minutes } 分钟内打开下面的链接设置新密码（链接只能使用一次）：

    { $link }

    如果不是您本人操作，请忽略这封邮件，您的密码不会改变。

    残疾人服务一件事

## Service guide (办事指南)
nav-guide = 办事指南
guide-title = 办事指南
guide-heading = 办事指南：残疾人服务“一件事”
guide-for-province = 适用地区：{ $province }
guide-national = 全国（跨省通办规范）
guide-fell-back = 这个地区还没有单独的办理规定，以下按全国残疾人证“跨省通办”办理规范执行。
guide-province-label = 您经常居住的省份
guide-province-hint = 办理时限和可以一并申请的服务按经常居住地的规定执行
guide-province-none = 未选择（按全国规范）
guide-province-submit = 查看这个省份的指南
guide-assessment-new = 需要到指定机构进行残疾评定
guide-assessment-renewal = 到期换证：2018 年以前目测评定发放的证件需要重新评定；残损换新和资料更新不需要评定
guide-assessment-migration = 2018 年以前目测评定发放的证件，迁入后需要重新评定；其他情况不需要评定
guide-assessment-replacement = 不需要评定，原证作废
guide-assessment-cancellation = 不需要评定；可以注销全部或部分残疾类别
guide-assessment-change = 需要重新评定，办理流程与新办相同
guide-no-linked = 本地区的残疾人证办理不与其他服务联办。拿到证件后，可以分别向相关部门申请补贴和保险。
guide-limits-heading = 办理时限
guide-limits-intro = 时限按工作日计算，不含周末和法定节假日，调休上班日计入。评定等待时间和您补正材料的时间不计入。
guide-limits-caption = { $province }各环节办理时限
guide-col-step = 环节
guide-col-limit = 时限
guide-col-from = 起算
guide-col-source = 依据
guide-publication = 成年人评定结论符合残疾标准的，会在县级残联进行评残公示（姓名和身份证号部分隐藏）；未成年人和不符合标准的，通过短信告知本人或监护人，不公示。
guide-commitment = 本地区实行承诺制，不进行评残公示。
guide-objection = 对评定结论有异议的，可以在公示开始或收到告知后的 10 个工作日内申请复核。
guide-fees-heading = 收费
guide-materials-heading = 需要准备的材料
guide-materials-intro = 选择您要办理的事项，我们一次告诉您需要的全部材料。已经能从政府共享数据中获取的材料不需要再提交。
guide-q-matter = 您要办理哪项残疾人证事项？
guide-matter-none = 不办理证件事项，只申请其他服务（已持有有效残疾人证）
guide-q-services = 您要一并申请哪些服务？
guide-q-applying = 谁来申请？
guide-applying-self = 残疾人本人
guide-applying-guardian = 监护人代为申请
guide-applying-helper = 村（社区）帮代办人员代为申请
guide-q-facts = 以下情况是否适用？
guide-fact-minor = 残疾人未满 18 周岁
guide-fact-guardian-category = 申请智力残疾或精神残疾
guide-fact-cross-region = 经常居住地和户籍地不在同一个县（市、区）
guide-materials-submit = 显示需要的材料
guide-materials-caption = 您需要的材料
guide-col-material = 材料
guide-col-how = 提交方式
guide-col-why = 需要的原因
guide-exempt = 免提交
home-guide = 先看办事指南和材料清单

linked-living-subsidy = 困难残疾人生活补贴
linked-nursing-subsidy = 重度残疾人护理补贴
linked-resident-pension = 城乡居民基本养老保险登记
linked-resident-medical-insurance = 城乡居民基本医疗保险登记
linked-employment-training = 残疾人就业培训登记
linked-employment-referral = 残疾人就业咨询与职业介绍
linked-individual-business = 个体工商户登记

step-acceptance-review = 受理审核
step-assessment = 残疾评定
step-conclusion-upload = 评定结论录入
step-publish-or-notify = 评残公示或告知
step-objection-window = 异议期
step-issue = 发证
step-hukou-approval = 户籍地审批、制证
step-non-assessment-matter = 不需评定的事项（补办、残损换新、注销等）
step-subsidy-review = 两项补贴审核
step-employment-contact = 就业帮扶首次联系
step-card-delivery = 实体证件送达
limit-same-day = 当日办结
limit-working-days = { $days } 个工作日
limit-calendar-days = { $days } 日
from-submitted = 材料齐全提交之日
from-institution-designated = 告知评定机构之日
from-assessed = 完成评定之日
from-conclusion-recorded = 收到评定结论之日
from-published-or-notified = 公示开始或告知之日
from-passed-to-hukou-county = 户籍地收到材料之日
from-certificate-issued = 发证之日

material-application-form = 残疾人服务“一件事”申请表
material-id-card = 居民身份证（正反面）
material-hukou-book = 户口本
material-residence-permit = 居住证明
material-photo = 两寸近期免冠白底彩色照片
material-migration-proof = 户口迁移证明或迁入地户口本
material-cancellation-statement = 残疾人证注销申明
material-guardian-id = 监护人身份证
material-guardian-relation-proof = 监护关系证明（如户口本）
material-agent-id = 代办人身份证
material-helper-authorization = 残疾人签字的委托书
material-bank-card = 银行卡信息
material-old-certificate = 原残疾人证（交回）
material-dibao-proof = 低保证明
material-assessment-result = 残疾评定结果
provision-upload = 上传照片或扫描件
provision-online = 在线填写
provision-institution = 由评定机构提供，不需要您提交
provision-handed-in = 交回原件（可邮寄）
provision-shared = 从共享数据获取
because-always = 所有申请
because-minor = 未满 18 周岁
because-guardian-category = 智力或精神残疾
because-guardian-applying = 监护人代为申请
because-helper-applying = 帮代办人员代为申请
because-cross-region = 经常居住地与户籍地不同

## People I act for
account-acting-for = 代为办理
people-title = 我代为办理的人
people-heading = 我代为办理的人
people-intro = 您作为监护人或帮代办人员，可以在这里管理您代为申请的人。每个人都需要关系证明或本人签字的委托书。
people-empty = 您还没有添加代为办理的人。
people-col-kind = 身份
people-col-relationship = 与您的关系
people-col-proof = 证明材料
people-kind-guardian = 监护人
people-kind-helper = 帮代办人员
people-person-title = 代为办理的人
people-add-title = 添加代为办理的人
people-add-submit = 添加
people-back = 返回代为办理的人
people-kind-question = 您以什么身份代为办理？
people-kind-hint = 未满 18 周岁的残疾人和智力、精神残疾人，需要由监护人申请。
people-kind-guardian-label = 我是他（她）的监护人
people-kind-helper-label = 我是村（社区）帮代办人员，已取得本人签字的委托书
people-kind-missing = 请选择您代为办理的身份
people-name-label = 残疾人姓名
people-id-label = 残疾人的居民身份证号码
people-name-empty = 请输入残疾人的姓名
people-id-empty = 请输入残疾人的居民身份证号码
people-is-you = 这是您自己的身份证号码。为自己申请不需要添加，直接申请即可。
people-already-added = 这个人已经在您代为办理的名单中
people-relationship-label = 与您的关系
people-relationship-hint = 按国家标准《家庭关系代码》选择；帮代办人员可选“99 非亲属”
people-relationship-choose = 请选择
people-relationship-missing = 请选择与您的关系
people-proof-label = 证明材料
people-proof-hint = 监护人上传监护关系证明（如户口本）；帮代办人员上传本人签字的委托书。JPG、PNG 或 PDF 格式，不超过 10 MB。
people-proof-missing = 请选择要上传的证明材料
people-choose-file-again = 为了安全，出错后需要重新选择文件。
people-remove = 从名单中移除 { $name }
notice-person-added = 已添加。
notice-person-removed = 已从名单中移除。
upload-progress-label = 上传进度
upload-progress = 已上传 {"{"}percent{"}"}%
upload-empty = 选择的文件是空的
upload-too-large = 文件不能超过 10 MB
upload-wrong-type = 文件必须是 JPG、PNG 或 PDF 格式

## Inbox
nav-inbox = 消息
nav-inbox-unread = 消息（{ $count } 条未读）
inbox-title = 消息
inbox-heading = 消息
inbox-empty = 您还没有消息。
inbox-col-subject = 主题
inbox-col-sent = 时间
inbox-unread = 未读
inbox-older = 更早的消息
inbox-sent-at = 发送时间：{ $time }
inbox-back = 返回消息列表
inbox-registered-subject = 欢迎使用残疾人服务一件事
inbox-registered-body =
    { $name }，您好：您的账号已于 { $time } 注册成功。

    您可以先查看办事指南，了解需要准备的材料。办理进度和通知都会发到这里。
inbox-password-changed-subject = 您的密码已修改
inbox-password-changed-body =
    { $name }，您好：您的账号密码已于 { $time } 修改，其他设备上的登录已退出。

    如果不是您本人操作，请立即使用“忘记密码”重设密码，并联系当地县级残联。
inbox-password-reset-subject = 您的密码已重设
inbox-password-reset-body =
    { $name }，您好：您的账号密码已于 { $time } 通过邮件链接重设。

    如果不是您本人操作，请立即再次重设密码，并联系当地县级残联。

## Rules at entry
entry-guardian-minor = 未满 18 周岁的残疾人需要由监护人申请。请让监护人登录后，在“我代为办理的人”中添加并申请。
entry-guardian-category = 申请智力残疾或精神残疾需要由监护人申请。请让监护人登录后申请。
entry-already-valid = 您已持有有效的残疾人证，不能再新办。残疾状况变化的，请申请“残疾类别/等级变更”；证件快到期的，请申请换领。
entry-cancelled-recently = 残疾人证注销未满一年，不能重新申请。从 { $date } 起可以重新申请。
entry-renewal-not-open = 到期换证要在证件满 9 年后申请。您从 { $date } 起可以申请。
entry-needs-certificate = 办理这项事项需要持有残疾人证。还没有证件的，请选择“新办残疾人证”。
entry-services-need-certificate = 申请这些服务需要持有有效的残疾人证，或者在这份申请中同时办理残疾人证。
