-- The course categories of the community-education plans (see shared domain notes).
INSERT INTO categories (code, name_zh, name_en, for_older_adults, sort_order) VALUES
  ('law', '法律法规', 'Law and regulations', FALSE, 10),
  ('ethics', '思想道德', 'Civic virtue', FALSE, 20),
  ('health', '卫生健康', 'Health', FALSE, 30),
  ('family', '家教家风', 'Family education', FALSE, 40),
  ('vocational', '职业技能', 'Vocational skills', FALSE, 50),
  ('science', '科学文化', 'Science and culture', FALSE, 60),
  ('arts', '人文艺术', 'Humanities and arts', FALSE, 70),
  ('leisure', '生活休闲', 'Everyday life and leisure', FALSE, 80),
  ('fitness', '运动健身', 'Sports and fitness', FALSE, 90),
  ('ageing', '健康养老', 'Healthy ageing', TRUE, 100),
  ('safety', '安全保护', 'Safety', TRUE, 110),
  ('anti_fraud', '防范诈骗', 'Fraud prevention', TRUE, 120),
  ('digital', '数字技能', 'Digital skills', TRUE, 130),
  ('sign_language', '手语教育', 'Sign language', FALSE, 140);
