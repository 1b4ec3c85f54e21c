{a.count:pct}
