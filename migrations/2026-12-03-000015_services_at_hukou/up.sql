-- Linked services are handled where the person's hukou is (003 附件3 湖南户籍, 附件4 1 and 附件5 1
-- “在户籍地参加”; 004 附件2 六7–10 河南户籍): services not yet decided move to the hukou county's
-- departments (they were sent to the residence county's).
UPDATE application_items SET handling_county = approving_county
WHERE kind = 'service'
  AND status IN ('waiting', 'at_department')
  AND handling_county IS DISTINCT FROM approving_county;
