//! Tests that hold sitelint's YAML reading equal to Psych's. The tables were
//! produced by Psych 4.0.3 (Ruby 3.1.2, Debian's `ruby` package), with
//! `Psych.safe_load("k: VALUE", permitted_classes: [Date, Time, Symbol],
//! aliases: true)`; `scripts/yaml-psych-check` regenerates and compares many
//! more cases when Ruby is present.

use super::yaml::{Value, resolve_plain};

/// Plain scalar, tab, what Psych reads.
pub(crate) const PSYCH_PLAIN: &str = "\
12:30	Int(45000)\n\
1:20:30	Int(4830)\n\
190:20:30.15	Float(685230.15)\n\
1.0e3	Str\n\
1.0e+3	Float(1000.0)\n\
1.0E-2	Float(0.01)\n\
19:30	Int(70200)\n\
-1:30	Int(-1800)\n\
+1:30	Int(5400)\n\
1:2:3:4	Str\n\
1:60	Str\n\
1:5	Int(3900)\n\
0:0	Int(0)\n\
1_0:30	Int(37800)\n\
12:30.5	Float(45030.0)\n\
12:30.	Float(45000.0)\n\
1:20:30._5	Float(4830.0)\n\
1__0	Str\n\
1_	Str\n\
1.	Float(1.0)\n\
.5	Float(0.5)\n\
+.5	Float(0.5)\n\
-.5	Float(-0.5)\n\
.	Str\n\
-.	Str\n\
._	Str\n\
1.e+3	Float(1000.0)\n\
010	Int(8)\n\
08	Str\n\
0_7	Int(7)\n\
0x1F	Int(31)\n\
0x	Str\n\
0b11	Int(3)\n\
0b	Str\n\
-0b11	Int(-3)\n\
1,000	Int(1000)\n\
1,	Str\n\
1_000	Int(1000)\n\
1_000.5	Float(1000.5)\n\
1,0.5	Float(10.5)\n\
09.5	Float(9.5)\n\
0	Int(0)\n\
00	Int(0)\n\
-0	Int(0)\n\
+1	Int(1)\n\
y	Str\n\
n	Str\n\
Y	Str\n\
N	Str\n\
yes	Bool(true)\n\
Yes	Bool(true)\n\
YES	Bool(true)\n\
no	Bool(false)\n\
On	Bool(true)\n\
off	Bool(false)\n\
OFF	Bool(false)\n\
true	Bool(true)\n\
True	Bool(true)\n\
TRUE	Bool(true)\n\
false	Bool(false)\n\
null	Null\n\
NULL	Null\n\
Null	Null\n\
nUll	Null\n\
~	Null\n\
0o17	Str\n\
.inf	Float(inf)\n\
-.INF	Float(-inf)\n\
+.Inf	Float(inf)\n\
.NaN	Float(NaN)\n\
.nan	Float(NaN)\n\
inf	Str\n\
1e3	Str\n\
0.0.1	Str\n\
1.2.3	Str\n\
2020-01-01	Date\n\
2020-1-1	Date\n\
2021-02-30	Str\n\
2020-13-01	Str\n\
2020-00-10	Str\n\
2020-01-01 10:00:00	Time\n\
2020-01-01T10:00:00Z	Time\n\
2020-01-01 10:00:00 +0100	Time\n\
2020-01-01 10:00:00 -05:00	Time\n\
2020-01-01t10:00:00.5	Time\n\
2020-01-01 25:00:00	Str\n\
9999-12-31	Date\n\
12345	Int(12345)\n\
-12345	Int(-12345)\n\
3.14	Float(3.14)\n\
a1	Str\n\
1a	Str\n\
_1	Str\n\
+ 1	Str\n\
$5	Str\n\
~1	Str\n\
yes!	Str\n\
nope	Str\n\
ontop	Str\n\
O	Str\n\
f	Str\n\
t	Str\n\
abc	Str\n\
Hello world	Str\n\
v1.0	Str\n\
1.0.0	Str\n\
1e	Str\n\
.1e+1	Float(1.0)\n\
20:30:40:50	Str\n\
99:59	Int(359940)\n\
-0:30	Int(1800)\n\
";

pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "Null".into(),
        Value::Bool(b) => format!("Bool({b})"),
        Value::Int(i) => format!("Int({i})"),
        Value::Float(f) if f.is_nan() => "Float(NaN)".into(),
        Value::Float(f) if f.is_infinite() => {
            format!("Float({}inf)", if *f > 0.0 { "" } else { "-" })
        }
        Value::Float(f) => format!("Float({f:?})"),
        Value::Date { .. } => "Date".into(),
        Value::Time(_) => "Time".into(),
        Value::Str => "Str".into(),
    }
}

#[test]
fn plain_scalars_resolve_as_psych_reads_them() {
    let mut wrong = Vec::new();
    let mut n = 0;
    for line in PSYCH_PLAIN.lines() {
        let Some((input, psych)) = line.split_once('\t') else {
            continue;
        };
        n += 1;
        let ours = describe(&resolve_plain(input));
        if ours != psych {
            wrong.push(format!("`{input}`: Psych {psych}, sitelint {ours}"));
        }
    }
    assert!(n > 100, "{n} cases");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
