//! Time expressions: a table per phenomenon (Danish sentences with a fixed article
//! date), the seed article, fixture snapshots and a property test.

use std::path::{Path, PathBuf};

use kilde_core::{Article, TimePrecision as P, TimeRole as R};
use kilde_news::times::TimeTagger;
use kilde_nlp::Pipeline;

/// What one expression resolved to.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
struct Found {
    text: String,
    value: String,
    precision: P,
    role: R,
    uncertain: bool,
}

fn analyze(date: &str, text: &str) -> Vec<Found> {
    let article = Article::new(
        date.parse().expect("test dates are valid"),
        text.to_string(),
    );
    let doc = Pipeline::danish().with(TimeTagger).analyze(&article);
    doc.times
        .iter()
        .map(|t| Found {
            text: text[t.span.range()].to_string(),
            value: t.value.clone(),
            precision: t.precision,
            role: t.role,
            uncertain: t.uncertain,
        })
        .collect()
}

/// One row: a sentence, the article date, and every expression expected in it
/// as (text, value, precision, role).
type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, P, R)]);

fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for (date, sentence, expected) in rows {
        let got: Vec<(String, String, P, R)> = analyze(date, sentence)
            .into_iter()
            .map(|f| (f.text, f.value, f.precision, f.role))
            .collect();
        let want: Vec<(String, String, P, R)> = expected
            .iter()
            .map(|(t, v, p, r)| (t.to_string(), v.to_string(), *p, *r))
            .collect();
        if got != want {
            failures.push(format!(
                "[{date}] {sentence}\n  want {want:?}\n  got  {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A Friday.
const FRI: &str = "2018-03-09";

#[test]
fn days_relative_to_the_article() {
    check(&[
        (
            FRI,
            "Han kom hjem i går.",
            &[("i går", "2018-03-08", P::Day, R::Past)],
        ),
        (
            FRI,
            "I dag er der møde.",
            &[("I dag", "2018-03-09", P::Day, R::Present)],
        ),
        (
            FRI,
            "Dommen falder i morgen.",
            &[("i morgen", "2018-03-10", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Ulykken skete i forgårs.",
            &[("i forgårs", "2018-03-07", P::Day, R::Past)],
        ),
        (
            FRI,
            "Vi ses i overmorgen.",
            &[("i overmorgen", "2018-03-11", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Der brændte et hus i aftes.",
            &[("i aftes", "2018-03-08", P::Day, R::Past)],
        ),
        (
            FRI,
            "I nat blev to anholdt.",
            &[("I nat", "2018-03-09", P::Day, R::Past)],
        ),
        (
            FRI,
            "Han landede i går aftes.",
            &[("i går aftes", "2018-03-08", P::Day, R::Past)],
        ),
        (
            FRI,
            "Hun taler i morgen formiddag.",
            &[("i morgen formiddag", "2018-03-10", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Det skrev han i morges.",
            &[("i morges", "2018-03-09", P::Day, R::Past)],
        ),
        (FRI, "Det stod i dagens avis.", &[]),
    ]);
}

#[test]
fn weekdays_follow_tense() {
    check(&[
        // Default and past: the most recent one on or before the article date.
        (
            FRI,
            "Det oplyste politiet torsdag.",
            &[("torsdag", "2018-03-08", P::Day, R::Past)],
        ),
        (
            FRI,
            "Han sagde fredag, at han vil gå.",
            &[("fredag", "2018-03-09", P::Day, R::Present)],
        ),
        (
            FRI,
            "Mødet sluttede mandag aften.",
            &[("mandag aften", "2018-03-05", P::Day, R::Past)],
        ),
        (
            FRI,
            "Han talte torsdag aften amerikansk tid.",
            &[(
                "torsdag aften amerikansk tid",
                "2018-03-08",
                P::Day,
                R::Past,
            )],
        ),
        // Future context: the next one on or after it.
        (
            FRI,
            "Ministeren skal mødes med dem tirsdag.",
            &[("tirsdag", "2018-03-13", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Hun vil komme onsdag.",
            &[("onsdag", "2018-03-14", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Vi ses på mandag.",
            &[("på mandag", "2018-03-12", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Butikken åbner næste tirsdag.",
            &[("næste tirsdag", "2018-03-13", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Sidste fredag faldt der sne.",
            &[("Sidste fredag", "2018-03-02", P::Day, R::Past)],
        ),
        (
            FRI,
            "I fredags faldt der sne.",
            &[("I fredags", "2018-03-02", P::Day, R::Past)],
        ),
        (
            FRI,
            "Han døde søndag den 4. marts.",
            &[("søndag den 4. marts", "2018-03-04", P::Day, R::Past)],
        ),
        // A Thursday, every Thursday: not a date.
        (
            FRI,
            "Det var en torsdag i maj.",
            &[("i maj", "2017-05", P::Month, R::Past)],
        ),
        (FRI, "Han træner hver torsdag.", &[]),
    ]);
}

/// Scheduled events in the present tense point forward; a weekday, month or date
/// takes its week or year from the words after it.
#[test]
fn scheduling_and_composition() {
    // 2026-03-02 is a Monday.
    let mon = "2026-03-02";
    check(&[
        (
            mon,
            "Forhandlingerne fortsætter torsdag.",
            &[("torsdag", "2026-03-05", P::Day, R::Plan)],
        ),
        (
            mon,
            "Manden bliver fredag fremstillet i retten.",
            &[("fredag", "2026-03-06", P::Day, R::Plan)],
        ),
        (
            mon,
            "Det oplyser politiet mandag.",
            &[("mandag", "2026-03-02", P::Day, R::Present)],
        ),
        (
            mon,
            "Det oplyste politiet søndag.",
            &[("søndag", "2026-03-01", P::Day, R::Past)],
        ),
        (
            mon,
            "Banken holder rentemøde torsdag i næste uge.",
            &[("torsdag i næste uge", "2026-03-12", P::Day, R::Plan)],
        ),
        (
            mon,
            "Festivalen holdes i august næste år.",
            &[("i august næste år", "2027-08", P::Month, R::Plan)],
        ),
        (
            mon,
            "Målingerne er fra august og september 2025.",
            &[
                ("august", "2025-08", P::Month, R::Past),
                ("september 2025", "2025-09", P::Month, R::Past),
            ],
        ),
        (
            mon,
            "Valget blev holdt 3. og 4. maj 2025.",
            &[
                ("3.", "2025-05-03", P::Day, R::Past),
                ("4. maj 2025", "2025-05-04", P::Day, R::Past),
            ],
        ),
        (
            mon,
            "Man kan klage frem til udgangen af september.",
            &[("udgangen af september", "2026-09-30", P::Day, R::Plan)],
        ),
        (
            mon,
            "Han har været vores bedste spiller i hele efteråret.",
            &[("i hele efteråret", "2025-FA", P::Season, R::Past)],
        ),
    ]);
}

#[test]
fn nights_and_weekends() {
    check(&[
        (
            "2026-03-01",
            "Stormen ramte natten til søndag.",
            &[(
                "natten til søndag",
                "2026-02-28/2026-03-01",
                P::Interval,
                R::Past,
            )],
        ),
        (
            FRI,
            "Uvejret raser natten til i dag.",
            &[(
                "natten til i dag",
                "2018-03-08/2018-03-09",
                P::Interval,
                R::Past,
            )],
        ),
        (
            "2018-03-05",
            "I weekenden var der uro.",
            &[("I weekenden", "2018-W09-WE", P::Week, R::Past)],
        ),
        (
            "2018-03-08",
            "I weekenden spiller de.",
            &[("I weekenden", "2018-W10-WE", P::Week, R::Plan)],
        ),
        (
            "2018-03-08",
            "Det skete i weekenden.",
            &[("i weekenden", "2018-W09-WE", P::Week, R::Past)],
        ),
        (
            "2018-03-05",
            "Hen over weekenden faldt der sne.",
            &[("Hen over weekenden", "2018-W09-WE", P::Week, R::Past)],
        ),
    ]);
}

#[test]
fn weeks_months_years_relative() {
    check(&[
        (
            FRI,
            "Prisen steg i sidste uge.",
            &[("i sidste uge", "2018-W09", P::Week, R::Past)],
        ),
        (
            FRI,
            "Tallet kommer i næste uge.",
            &[("i næste uge", "2018-W11", P::Week, R::Plan)],
        ),
        (
            FRI,
            "Der er travlt i denne uge.",
            &[("i denne uge", "2018-W10", P::Week, R::Present)],
        ),
        (
            FRI,
            "Det skete i sidste måned.",
            &[("i sidste måned", "2018-02", P::Month, R::Past)],
        ),
        (
            FRI,
            "Loven gælder fra næste måned.",
            &[("næste måned", "2018-04", P::Month, R::Plan)],
        ),
        (
            FRI,
            "Sidste år var hårdt.",
            &[("Sidste år", "2017", P::Year, R::Past)],
        ),
        (
            FRI,
            "I år går det bedre.",
            &[("I år", "2018", P::Year, R::Present)],
        ),
        (
            FRI,
            "I fjor faldt salget.",
            &[("I fjor", "2017", P::Year, R::Past)],
        ),
        (
            FRI,
            "Næste års budget er klar.",
            &[("Næste års", "2019", P::Year, R::Plan)],
        ),
        (
            FRI,
            "Den kommende uge bliver kold.",
            &[("Den kommende uge", "2018-W11", P::Week, R::Plan)],
        ),
        (
            "2018-01-10",
            "Sidste måned var kold.",
            &[("Sidste måned", "2017-12", P::Month, R::Past)],
        ),
        // Plurals are stretches, not one unit.
        (FRI, "De næste år bliver svære.", &[]),
    ]);
}

#[test]
fn months_and_dates() {
    check(&[
        (
            FRI,
            "Hun blev valgt den 8. marts 2018.",
            &[("den 8. marts 2018", "2018-03-08", P::Day, R::Past)],
        ),
        (
            FRI,
            "Fristen udløb 8. marts.",
            &[("8. marts", "2018-03-08", P::Day, R::Deadline)],
        ),
        (
            FRI,
            "Loven træder i kraft 1. juli.",
            &[("1. juli", "2018-07-01", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Han flyttede den 28. december.",
            &[("den 28. december", "2017-12-28", P::Day, R::Past)],
        ),
        (
            FRI,
            "Valget skal holdes i maj.",
            &[("i maj", "2018-05", P::Month, R::Plan)],
        ),
        (
            FRI,
            "Valget blev holdt i november.",
            &[("i november", "2017-11", P::Month, R::Past)],
        ),
        (
            FRI,
            "Planen er klar i marts 2019.",
            &[("i marts 2019", "2019-03", P::Month, R::Plan)],
        ),
        (
            FRI,
            "Rapporten fra oktober 2016 er hemmelig.",
            &[("oktober 2016", "2016-10", P::Month, R::Past)],
        ),
        (
            FRI,
            "Han blev født den 31.12.1970.",
            &[("den 31.12.1970", "1970-12-31", P::Day, R::Past)],
        ),
        (
            FRI,
            "Mødet er 2018-03-12.",
            &[("2018-03-12", "2018-03-12", P::Day, R::Plan)],
        ),
        // Names, not months.
        (FRI, "Marts Jensen og Maj Hansen kom.", &[]),
        (FRI, "Ifølge August Krogh er det svært.", &[]),
    ]);
}

#[test]
fn years_and_decades() {
    check(&[
        (
            FRI,
            "I 2017 faldt ledigheden.",
            &[("I 2017", "2017", P::Year, R::Past)],
        ),
        (
            FRI,
            "Gennem hele 2017 var der uro.",
            &[("hele 2017", "2017", P::Year, R::Past)],
        ),
        (
            FRI,
            "Han har boet her siden 2009.",
            &[("2009", "2009", P::Year, R::Past)],
        ),
        (
            FRI,
            "Fra 2015 til 2017 var hun borgmester.",
            &[
                ("2015", "2015", P::Year, R::Past),
                ("2017", "2017", P::Year, R::Past),
            ],
        ),
        (
            FRI,
            "Målet skal nås i 2030.",
            &[("i 2030", "2030", P::Year, R::Plan)],
        ),
        (
            FRI,
            "I 1990'erne var det anderledes.",
            &[("I 1990'erne", "1990/1999", P::Interval, R::Past)],
        ),
        (
            FRI,
            "Musikken fra halvfemserne.",
            &[("halvfemserne", "1990/1999", P::Interval, R::Past)],
        ),
        (
            FRI,
            "Det var populært i firserne.",
            &[("i firserne", "1980/1989", P::Interval, R::Past)],
        ),
        // Quantities, not years.
        (FRI, "Over 2017 personer blev evakueret.", &[]),
        (FRI, "Flyet fløj i 2000 meters højde.", &[]),
        (FRI, "Det koster 1500 kroner.", &[]),
    ]);
}

#[test]
fn deadlines() {
    check(&[
        (
            "2018-03",
            "Trump vil mødes med Kim senest ved udgangen af maj.",
            &[(
                "senest ved udgangen af maj",
                "2018-05-31",
                P::Day,
                R::Deadline,
            )],
        ),
        (
            FRI,
            "Svaret skal komme inden 1. april.",
            &[("inden 1. april", "2018-04-01", P::Day, R::Deadline)],
        ),
        (
            FRI,
            "Loven skal vedtages inden jul.",
            &[(
                "inden jul",
                "2018-12-24/2018-12-26",
                P::Interval,
                R::Deadline,
            )],
        ),
        (
            FRI,
            "Sagen skal afgøres før udgangen af året.",
            &[("før udgangen af året", "2018-12-31", P::Day, R::Deadline)],
        ),
        (
            FRI,
            "Han skal svare senest fredag.",
            &[("senest fredag", "2018-03-09", P::Day, R::Deadline)],
        ),
        (
            FRI,
            "Fristen er den 15. april.",
            &[("den 15. april", "2018-04-15", P::Day, R::Deadline)],
        ),
        (
            FRI,
            "Firmaet skal betale inden for to uger.",
            &[("inden for to uger", "2018-W12", P::Week, R::Deadline)],
        ),
        // `senest` about the past means "most recently".
        (
            FRI,
            "Senest i går meldte han sig syg.",
            &[("Senest i går", "2018-03-08", P::Day, R::Past)],
        ),
    ]);
}

#[test]
fn parts_of_periods() {
    check(&[
        (
            FRI,
            "Huset sælges i starten af året.",
            &[(
                "i starten af året",
                "2018-01/2018-04",
                P::Interval,
                R::Present,
            )],
        ),
        (
            FRI,
            "Det sker i slutningen af måneden.",
            &[(
                "i slutningen af måneden",
                "2018-03-21/2018-03-31",
                P::Interval,
                R::Plan,
            )],
        ),
        (
            FRI,
            "Han kommer i midten af maj.",
            &[(
                "i midten af maj",
                "2018-05-11/2018-05-20",
                P::Interval,
                R::Plan,
            )],
        ),
        (
            FRI,
            "Byggeriet starter i begyndelsen af 2019.",
            &[(
                "i begyndelsen af 2019",
                "2019-01/2019-04",
                P::Interval,
                R::Plan,
            )],
        ),
        (
            FRI,
            "Regnskabet kommer ultimo april.",
            &[(
                "ultimo april",
                "2018-04-21/2018-04-30",
                P::Interval,
                R::Plan,
            )],
        ),
        (
            FRI,
            "Det blev aftalt sidst på året.",
            &[("sidst på året", "2018-09/2018-12", P::Interval, R::Plan)],
        ),
        (
            FRI,
            "Ved udgangen af 2017 var der 300.",
            &[("Ved udgangen af 2017", "2017-12-31", P::Day, R::Past)],
        ),
        (
            FRI,
            "Tidligere på ugen sagde han nej.",
            &[("Tidligere på ugen", "2018-W10", P::Week, R::Past)],
        ),
        (
            FRI,
            "Senere i dag kommer svaret.",
            &[("Senere i dag", "2018-03-09", P::Day, R::Plan)],
        ),
    ]);
}

#[test]
fn offsets_from_the_article_date() {
    check(&[
        (
            FRI,
            "Vi ses om to uger.",
            &[("om to uger", "2018-W12", P::Week, R::Plan)],
        ),
        (
            FRI,
            "Loven gælder om en måned.",
            &[("om en måned", "2018-04", P::Month, R::Plan)],
        ),
        (
            FRI,
            "Svaret kommer om tre dage.",
            &[("om tre dage", "2018-03-12", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Han flyttede for tre år siden.",
            &[("for tre år siden", "2015", P::Year, R::Past)],
        ),
        (
            FRI,
            "Det skete for en uge siden.",
            &[("for en uge siden", "2018-W09", P::Week, R::Past)],
        ),
        (
            FRI,
            "Hun kom for godt et år siden.",
            &[("for godt et år siden", "2017", P::Year, R::Past)],
        ),
        (
            FRI,
            "Han døde for halvandet år siden.",
            &[("for halvandet år siden", "2016-09", P::Month, R::Past)],
        ),
        (FRI, "Det var for meget for tre år.", &[]),
        (FRI, "Tak for tre gode år.", &[]),
    ]);
}

#[test]
fn seasons_and_holidays() {
    check(&[
        (
            FRI,
            "Festivalen holdes i sommer.",
            &[("i sommer", "2018-SU", P::Season, R::Plan)],
        ),
        (
            FRI,
            "Skolen åbner til efteråret.",
            &[("til efteråret", "2018-FA", P::Season, R::Plan)],
        ),
        (
            FRI,
            "I vinters frøs søen til.",
            &[("I vinters", "2018-WI", P::Season, R::Past)],
        ),
        (
            FRI,
            "Sidste sommer var tør.",
            &[("Sidste sommer", "2017-SU", P::Season, R::Past)],
        ),
        (
            FRI,
            "Sommeren 2016 var våd.",
            &[("Sommeren 2016", "2016-SU", P::Season, R::Past)],
        ),
        (
            FRI,
            "Vi ses til jul.",
            &[("til jul", "2018-12-24/2018-12-26", P::Interval, R::Plan)],
        ),
        (
            FRI,
            "Han kom hjem juleaften.",
            &[("juleaften", "2017-12-24", P::Day, R::Past)],
        ),
        (
            FRI,
            "Butikken lukker i påsken.",
            &[("i påsken", "2018-03-29/2018-04-02", P::Interval, R::Plan)],
        ),
        (
            FRI,
            "Påsken 2019 falder sent.",
            &[("Påsken 2019", "2019-04-18/2019-04-22", P::Interval, R::Plan)],
        ),
        (
            FRI,
            "Hun bliver gift 2. pinsedag.",
            &[("2. pinsedag", "2018-05-21", P::Day, R::Plan)],
        ),
        (
            FRI,
            "Efter nytår steg priserne.",
            &[("nytår", "2017-12-31/2018-01-01", P::Interval, R::Past)],
        ),
        (FRI, "Julie Hansen kom også.", &[]),
        (
            FRI,
            "På kvindernes kampdag var der demonstrationer.",
            &[("kvindernes kampdag", "2018-03-08", P::Day, R::Past)],
        ),
    ]);
}

#[test]
fn clock_times() {
    check(&[
        (
            FRI,
            "Mødet begynder kl. 14.30.",
            &[("kl. 14.30", "2018-03-09T14:30", P::Time, R::Plan)],
        ),
        (
            FRI,
            "Toget kørte klokken 8.",
            &[("klokken 8", "2018-03-09T08:00", P::Time, R::Past)],
        ),
        (
            FRI,
            "Han talte torsdag kl. 20 dansk tid.",
            &[(
                "torsdag kl. 20 dansk tid",
                "2018-03-08T20:00",
                P::Time,
                R::Past,
            )],
        ),
        (
            FRI,
            "Vi starter klokken 9 i morgen.",
            &[("klokken 9 i morgen", "2018-03-10T09:00", P::Time, R::Plan)],
        ),
        (
            "2018-03",
            "Det sker kl. 14.",
            &[("kl. 14", "T14:00", P::Time, R::Present)],
        ),
    ]);
}

#[test]
fn durations() {
    check(&[
        (
            FRI,
            "Strejken varede i tre dage.",
            &[("i tre dage", "P3D", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "Han sad i fængsel i to år.",
            &[("i to år", "P2Y", P::Duration, R::Duration)],
        ),
        (FRI, "De træner hver uge 2 gange.", &[]),
        (FRI, "Det er en aftale om fem år med klubben.", &[]),
        (
            FRI,
            "Prisen er fordoblet på to år.",
            &[("på to år", "P2Y", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "De ventede i over fire timer.",
            &[("i over fire timer", "PT4H", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "Hun var væk i en uges tid.",
            &[("i en uges tid", "P1W", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "Det er steget i de seneste fem år.",
            &[("i de seneste fem år", "P5Y", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "Han har været her i 14 dage.",
            &[("i 14 dage", "P14D", P::Duration, R::Duration)],
        ),
        (
            FRI,
            "Kampen varede i enogtyve minutter.",
            &[("i enogtyve minutter", "PT21M", P::Duration, R::Duration)],
        ),
        (FRI, "Han var i tvivl i to omgange.", &[]),
    ]);
}

/// Danish week numbers, centuries, the turn of the year, halves.
#[test]
fn week_numbers_centuries_and_halves() {
    let mon = "2026-03-02";
    check(&[
        (
            mon,
            "Arbejdet begynder i uge 12.",
            &[("i uge 12", "2026-W12", P::Week, R::Plan)],
        ),
        (
            mon,
            "Skolerne holder vinterferie i uge 7 2027.",
            &[("i uge 7 2027", "2027-W07", P::Week, R::Plan)],
        ),
        (
            mon,
            "Huset blev bygget i 1800-tallet.",
            &[("i 1800-tallet", "1800/1899", P::Interval, R::Past)],
        ),
        (
            mon,
            "Priserne er steget siden årsskiftet.",
            &[("årsskiftet", "2025-12-31/2026-01-01", P::Interval, R::Past)],
        ),
        (
            mon,
            "Han talte i en halv time.",
            &[("i en halv time", "PT30M", P::Duration, R::Duration)],
        ),
        (
            mon,
            "Hun var væk i halvandet år.",
            &[("i halvandet år", "P18M", P::Duration, R::Duration)],
        ),
        (
            mon,
            "Loven træder i kraft om et halvt år.",
            &[("om et halvt år", "2026-09", P::Month, R::Plan)],
        ),
    ]);
}

#[test]
fn quarters() {
    check(&[
        (
            FRI,
            "Overskuddet i fjerde kvartal 2017 steg.",
            &[("i fjerde kvartal 2017", "2017-Q4", P::Season, R::Past)],
        ),
        (
            FRI,
            "Salget steg i første halvår.",
            &[("i første halvår", "2018-H1", P::Season, R::Present)],
        ),
    ]);
}

/// A month-only article date: no invented days.
#[test]
fn month_only_article_dates() {
    let m = "2018-03";
    let thursdays = "2018-03-01|2018-03-08|2018-03-15|2018-03-22|2018-03-29";
    check(&[
        (
            m,
            "Det sagde han torsdag.",
            &[("torsdag", thursdays, P::Candidates, R::Past)],
        ),
        (
            m,
            "Han kom hjem i går.",
            &[("i går", "2018-03", P::Month, R::Past)],
        ),
        (
            m,
            "I dag er der møde.",
            &[("I dag", "2018-03", P::Month, R::Present)],
        ),
        (
            m,
            "Det skete i sidste måned.",
            &[("i sidste måned", "2018-02", P::Month, R::Past)],
        ),
        (
            m,
            "Gennem hele 2017 var der uro.",
            &[("hele 2017", "2017", P::Year, R::Past)],
        ),
        (
            m,
            "Næste år bliver bedre.",
            &[("Næste år", "2019", P::Year, R::Plan)],
        ),
        (
            m,
            "Han flyttede for tre år siden.",
            &[("for tre år siden", "2015", P::Year, R::Past)],
        ),
    ]);
    for f in analyze(
        m,
        "Det sagde han torsdag. Han kom hjem i går. Det skete i sidste måned.",
    ) {
        let expected = f.text != "i sidste måned";
        assert_eq!(f.uncertain, expected, "{f:?}");
    }
    let f = analyze("2018-03-09", "Det sagde han torsdag.");
    assert!(!f[0].uncertain);
}

#[test]
fn undated_articles_keep_only_absolute_expressions() {
    let article = Article::from_text("I går og i 2017 og den 8. marts 2018 og i tre dage.".into());
    let doc = Pipeline::danish().with(TimeTagger).analyze(&article);
    let values: Vec<&str> = doc.times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["2017", "2018-03-08", "P3D"]);
}

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Reads a file in the seed format: `date YYYY-MM[-DD] body…`, sign-off removed.
fn read_seed_format(path: &Path) -> Article {
    let raw = std::fs::read_to_string(path).expect("readable fixture");
    let body = raw
        .trim_start()
        .strip_prefix("date ")
        .expect("starts with date");
    let (date, text) = body.split_once(' ').expect("date then body");
    let lines: Vec<&str> = text
        .trim_end()
        .lines()
        .filter(|l| {
            let l = l.trim().trim_matches('/').to_lowercase();
            !l.starts_with("ritzau")
        })
        .collect();
    Article::new(
        date.parse().expect("valid date"),
        lines.join("\n").trim_end().to_string(),
    )
}

#[test]
fn seed_article_golden() {
    let path = shared_dir().join("seeds/000_5d9bf820c77703f7.txt");
    if !path.exists() {
        eprintln!("skipped: the seed article is not at {}", path.display());
        return;
    }
    let article = read_seed_format(&path);
    let text = article.text.clone();
    let doc = Pipeline::danish().with(TimeTagger).analyze(&article);
    let got: Vec<(&str, &str, P, R, bool)> = doc
        .times
        .iter()
        .map(|t| {
            (
                &text[t.span.range()],
                t.value.as_str(),
                t.precision,
                t.role,
                t.uncertain,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "senest ved udgangen af maj",
                "2018-05-31",
                P::Day,
                R::Deadline,
                false
            ),
            (
                "torsdag aften amerikansk tid",
                "2018-03-01|2018-03-08|2018-03-15|2018-03-22|2018-03-29",
                P::Candidates,
                R::Past,
                true
            ),
            ("hele 2017", "2017", P::Year, R::Past, false),
            ("i sidste måned", "2018-02", P::Month, R::Past, false),
        ]
    );
}

#[test]
fn fixtures_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("t_"))
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "expected at least 10 time fixtures");
    for path in paths {
        let article = read_seed_format(&path);
        let date = article.date.expect("fixtures are dated").to_string();
        let found = analyze(&date, &article.text);
        let name = path
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .to_string();
        insta::with_settings!({
            snapshot_path => dir.join("snapshots"),
            prepend_module_to_snapshot => false,
            description => format!("date {date}"),
            omit_expression => true,
        }, {
            insta::assert_yaml_snapshot!(name, found);
        });
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Words the tagger reacts to, mixed with noise, so the rules get exercised.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "i", "går", "dag", "morgen", "torsdag", "aften", "amerikansk", "tid", "senest",
                "ved", "udgangen", "af", "maj", "marts", "hele", "2017", "sidste", "næste",
                "måned", "uge", "år", "for", "tre", "siden", "om", "to", "uger", "kl.",
                "14.30", "8.", "den", "natten", "til", "søndag", "jul", "påsken", "1990'erne",
                "inden", "starten", "slutningen", "2.", "pinsedag", "weekenden", "de",
                "seneste", "dage", "fjerde", "kvartal", "primo", "sommer", "vinters", ",",
                ".", "\"", "-", "skal", "har", "Marts", "31.12.2017", "2018-03-08",
                "9999", "0.", "99'erne", "klokken", "25.99", "24", "enogtyve", "årtier", "999999", "halvt", "uge", "53", "1800-tallet", "årsskiftet", "på",
            ]).prop_map(String::from),
            1 => "[a-zæøåA-ZÆØÅ0-9.,'\\-]{1,8}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_are_valid(
            words in prop::collection::vec(word(), 0..40),
            month in 1i8..=12,
            day in prop::option::of(1i8..=28),
            year in prop::sample::select(vec![1, 1900, 2018, 2024, 9998]),
        ) {
            let text = words.join(" ");
            let date = match day {
                Some(d) => kilde_core::ArticleDate::Day(
                    jiff::civil::Date::new(year, month, d).expect("day ≤ 28 exists"),
                ),
                None => kilde_core::ArticleDate::Month { year, month },
            };
            let article = Article::new(date, text.clone());
            let doc = Pipeline::danish().with(TimeTagger).analyze(&article);
            let mut end = 0;
            for t in &doc.times {
                prop_assert!(t.span.start >= end, "overlap or disorder");
                prop_assert!(t.span.start < t.span.end);
                prop_assert!(text.get(t.span.range()).is_some(), "not on char boundaries");
                prop_assert!(!t.value.is_empty());
                end = t.span.end;
            }
        }
    }
}
