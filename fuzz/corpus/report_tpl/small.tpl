@title {year}
= a{a.count:wan}
== b{a.rate}
x{a.rate:pct2}{a.count:yoy}
