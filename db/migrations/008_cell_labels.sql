-- The national templates' Chinese names beside the canonical keys (docs/SCHEMA.md), for people reading exports and
-- the explorer: table_label, row_label, col_label on cell_keys. Keys a parser adds later (ids >= 1000) stay
-- unlabelled (null): readers fall back to the key.
ALTER TABLE cell_keys ADD COLUMN table_label text, ADD COLUMN row_label text, ADD COLUMN col_label text;

UPDATE cell_keys k SET table_label = v.label
  FROM (VALUES
    ('active', '主动公开政府信息情况'),
    ('requests', '收到和处理政府信息公开申请情况'),
    ('review', '政府信息公开行政复议、行政诉讼情况')
  ) AS v (table_name, label)
 WHERE k.table_name = v.table_name;

UPDATE cell_keys k SET row_label = v.label
  FROM (VALUES
    ('active', 'regulations', '规章'),
    ('active', 'normative_documents', '行政规范性文件'),
    ('active', 'licensing', '行政许可'),
    ('active', 'other_admin_services', '其他对外管理服务事项'),
    ('active', 'punishment', '行政处罚'),
    ('active', 'enforcement', '行政强制'),
    ('active', 'fees', '行政事业性收费'),
    ('active', 'procurement', '政府集中采购'),
    ('requests', 'new_received', '本年新收政府信息公开申请数量'),
    ('requests', 'carried_over', '上年结转政府信息公开申请数量'),
    ('requests', 'granted', '予以公开'),
    ('requests', 'partially_granted', '部分公开'),
    ('requests', 'denied.state_secret', '不予公开·属于国家秘密'),
    ('requests', 'denied.prohibited_by_law', '不予公开·其他法律行政法规禁止公开'),
    ('requests', 'denied.three_safeties_one_stability', '不予公开·危及“三安全一稳定”'),
    ('requests', 'denied.third_party_rights', '不予公开·保护第三方合法权益'),
    ('requests', 'denied.internal_affairs', '不予公开·属于三类内部事务信息'),
    ('requests', 'denied.process_information', '不予公开·属于四类过程性信息'),
    ('requests', 'denied.law_enforcement_files', '不予公开·属于行政执法案卷'),
    ('requests', 'denied.administrative_query', '不予公开·属于行政查询事项'),
    ('requests', 'unable.not_held', '无法提供·本机关不掌握相关政府信息'),
    ('requests', 'unable.needs_creation', '无法提供·没有现成信息需要另行制作'),
    ('requests', 'unable.unclear_after_correction', '无法提供·补正后申请内容仍不明确'),
    ('requests', 'not_processed.petition_complaint', '不予处理·信访举报投诉类申请'),
    ('requests', 'not_processed.duplicate', '不予处理·重复申请'),
    ('requests', 'not_processed.publication', '不予处理·要求提供公开出版物'),
    ('requests', 'not_processed.excessive_repeat', '不予处理·无正当理由大量反复申请'),
    ('requests', 'not_processed.confirm_existing', '不予处理·要求行政机关确认或重新出具已获取信息'),
    ('requests', 'other.overdue_correction', '其他处理·申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
    ('requests', 'other.overdue_fee', '其他处理·申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    ('requests', 'other.other', '其他处理·其他'),
    ('requests', 'other', '其他处理'),
    ('requests', 'total_processed', '总计'),
    ('requests', 'carried_forward', '结转下年度继续办理'),
    ('review', 'review', '行政复议'),
    ('review', 'litigation_direct', '行政诉讼·未经复议直接起诉'),
    ('review', 'litigation_after_review', '行政诉讼·复议后起诉')
  ) AS v (table_name, row_key, label)
 WHERE k.table_name = v.table_name AND k.row_key = v.row_key;

UPDATE cell_keys k SET col_label = v.label
  FROM (VALUES
    ('active', 'issued', '本年制发件数'),
    ('active', 'repealed', '本年废止件数'),
    ('active', 'in_force', '现行有效件数'),
    ('active', 'made', '本年新制作数量'),
    ('active', 'published', '本年新公开数量'),
    ('active', 'total_published', '对外公开总数量'),
    ('active', 'decisions', '处理决定数量'),
    ('active', 'prev_year_items', '上一年项目数量'),
    ('active', 'change', '本年增/减'),
    ('active', 'amount_10k_yuan', '本年收费金额（万元）'),
    ('active', 'projects', '采购项目数量'),
    ('active', 'amount_yuan', '采购总金额（元）'),
    ('requests', 'natural_person', '自然人'),
    ('requests', 'commercial', '商业企业'),
    ('requests', 'research', '科研机构'),
    ('requests', 'social_welfare', '社会公益组织'),
    ('requests', 'legal_services', '法律服务机构'),
    ('requests', 'other_org', '其他'),
    ('requests', 'total', '总计'),
    ('review', 'upheld', '结果维持'),
    ('review', 'corrected', '结果纠正'),
    ('review', 'other', '其他结果'),
    ('review', 'pending', '尚未审结'),
    ('review', 'total', '总计')
  ) AS v (table_name, col_key, label)
 WHERE k.table_name = v.table_name AND k.col_key = v.col_key;
