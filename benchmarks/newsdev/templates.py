"""newsdev's filler: hand-written wire-copy frames, headlines, quotes and roles (no article text).

Long frames are split over lines by implicit string concatenation; the strings are unchanged, so a
build with the same seed writes the same corpus byte for byte.
"""

# --- frames: hand-written wire-copy phrasing with slots ------------------------------------------
# `[a|b|c]` picks one alternative; `{X}` is a slot (see Writer._value): {P}/{P2} person, {O}/{O2}
# organisation, {G} place, {T} product/work/event, {N}/{N2} noun phrase ("the …" unless a name), {n} bare
# noun phrase, {E} any name, {D} weekday, {M} month, {num}/{num2}, {big}, {pct}, {money}, {score}, {ord},
# {yr}, {yr_past}, {time}, {role}, {Q}/{q} a bland quote. Names and noun phrases come from the document's
# topic pool; nothing here is copied from an article.
GENERAL = [
    "{P} did not immediately respond to a request for comment.",
    "A spokesperson for {O} declined to comment on {N}.",
    "{O} did not respond to questions about {N} by the time of publication.",
    "The announcement comes as {O} faces [growing|mounting|renewed] [pressure|scrutiny|criticism] over {N}.",
    "It was not immediately clear whether {N} would affect {N2}.",
    "[Speaking to reporters|Speaking on a podcast|In an interview] on {D}, {P} said {N} had been "
        "[discussed for months|a long time coming|on the table since the summer].",
    "{P} has [previously|repeatedly|publicly] said that {N} is "
        "[a priority|not up for debate|something worth watching].",
    "The [news|decision|move] [drew|prompted] [mixed reactions|criticism|praise] from "
        "[fans|observers|analysts|people close to {O}].",
    "[According to|Citing] "
        "[people familiar with the matter|a person briefed on the plans|two people with knowledge of the talks], "
        "{O} [has been weighing|is considering|has discussed] {N}.",
    "{Q} {P} said.",
    "{Q} {P} [told reporters|wrote on social media|said in a statement|added].",
    "“{q}” said {P}, [who|whose team] [has been|had been] "
        "[closely involved|at the centre of it all|under pressure] since {M}.",
    "The [episode|dispute|story] has [put a spotlight on|raised fresh questions about|renewed attention on] {N}.",
    "[Critics|Supporters|Observers] [argue|say|point out] that {N} [could|may|will] [shape|change|complicate] "
        "{N2} in the coming [weeks|months|year].",
    "{O} first [announced|outlined|hinted at] {N} in {M}, [but|and] "
        "[details remained scarce|few details were shared|the timeline was left open].",
    "[Earlier this month|Last week|Over the weekend|On {D}], {P} [met with|spoke with|sat down with] "
        "[representatives of|officials from|members of] {O}.",
    "[The|That] [figure|number] [is up from|compares with|is down from] {num} "
        "[a year earlier|last year|at the same point last season].",
    "[Details|The details|Specifics] of {N} "
        "[have not been made public|were not disclosed|are expected later this month].",
    "[More than|Nearly|About] {big} people [have signed up|turned out|were affected|weighed in] "
        "[so far|since {M}|according to {O}].",
    "{P}, who [joined|took over at|left] {O} in {yr_past}, "
        "[has not commented|declined to say more|has kept a low profile] since.",
    "[Meanwhile|Elsewhere|At the same time], {O} [is|has been] [dealing with|grappling with|preparing for] {N}.",
    "[For now|So far|At least for now], {N} [remains|appears] [unchanged|on track|uncertain].",
    "The [report|statement|filing] [did not name|stopped short of naming|made no mention of] {O}.",
    "[Some|Several|Many] [fans|readers|users|viewers] [questioned|welcomed|were surprised by] {N} "
        "[online|on social media|in the comments].",
    "{P} [added|noted|stressed] that {N} [was|had been] [only one part of|central to|a small piece of] {N2}.",
    "[The story|This article] [has been updated|was updated] [with additional reporting|to include comment from {O}].",
    "[It is|That is] the {ord} time [this year|this season|since {M}] that {O} has [faced|dealt with|addressed] {N}.",
    "[In a post on|Writing on|In a message on] [X|Instagram|its website|LinkedIn], {O} said {N} [would|will] "
        "[continue|go ahead|be reviewed].",
    "[Asked about|Pressed on|When asked about] {N}, {P} [said only|replied|answered] that "
        "[it was too early to tell|talks were ongoing|nothing had been decided].",
    "{G} has [long|often|recently] been [a focus|a sticking point|a priority] for {O}.",
    "[That|This] [leaves|puts] {O} in [a difficult|an awkward|a strong|an unusual] position "
        "[heading into|ahead of|going into] {M}.",
    "[Neither|None of] {O} [nor|or] {O2} [responded to|answered|returned] "
        "[requests for comment|messages seeking comment].",
    "The [timing|scale|cost] of {N} [has been|was] [questioned|criticised|debated] by {P} and others.",
    "[In {G},|Across {G},] {N} [has become|remains|is still] "
        "[a talking point|a sensitive issue|a source of frustration].",
    "[Data from|Figures published by|A survey by] {O} [suggest|show|indicate] that {N} [is|has been] "
        "[rising|falling|holding steady].",
    "[The|A] [full|longer|second] [version|account] of {N} is expected [later this year|in {M}|next week].",
]

SPORTS = [
    "{O} [improved to|fell to|moved to] {num}-{num2} [on the season|this season|in the standings] with {D}'s "
        "[win|loss|victory|defeat] [over|against] {O2}.",
    "{P} [finished with|recorded|posted] {num} [points|yards|tackles|assists|shots|catches] [in the|during the] "
        "[win|loss|game|match].",
    "[The match|The game|The contest] [ended|finished] {score} after {P} "
        "[scored late|was sent off|missed a late chance|converted from the spot].",
    "{P} [has been ruled out|is listed as questionable|is a doubt|returned to training] [with|after|despite] "
        "[a hamstring injury|an ankle problem|a knee issue|illness] [ahead of|before] the "
        "[trip to|clash with|meeting with] {O}.",
    "[Head coach|Manager|Coach] {P} said [his side|the team|the group] [needed to|had to|would] "
        "[be sharper|regroup quickly|move on] [after|following] the [result|defeat|performance].",
    "{O} [have|has] [won|lost] {num} of [their|its] last {num2} [games|matches|outings].",
    "[Kick-off|Tip-off|The game] is [scheduled|set] for {time} [local time|ET|GMT] on {D}.",
    "{P} [leads|ranks second in|sits third in] [the league|the conference|the division] in "
        "[scoring|rushing|goals|tackles] [this season|so far].",
    "The [odds|betting line|spread] [has|have] [shifted|moved|tightened] toward {O} [since|after] {D}'s "
        "[injury report|team news|practice].",
    "{O} [travel to|host|welcome] {O2} [next|on] {D} "
        "[in a game that could decide|with a place in|hoping to secure] [the division|the top four|a playoff spot].",
    "[Fans|Supporters] at {G} [booed|cheered|applauded] [as|when] {P} "
        "[left the field|was substituted|came off the bench].",
    "{P} [signed|agreed] a {years}-year [deal|contract|extension] [worth|reportedly worth] {money} in {M}.",
    "[The|That] [win|loss|draw] [leaves|left|puts] {O} {ord} in the [table|standings|division].",
    "[It was|That was] {P}'s {ord} [goal|touchdown|try|start] of the [season|campaign|year].",
    "[Fantasy managers|Bettors|Scouts] [will|should] [keep an eye on|be wary of|be watching] {P} "
        "[this week|on {D}|in this matchup].",
    "{O} [outscored|outplayed|outshot] {O2} {num} to {num2} in the "
        "[second half|fourth quarter|final period|opening half].",
    "The [referee|officials|VAR] [ruled out|awarded|reviewed] [a goal|a penalty|a touchdown] "
        "[in the {ord} minute|late in the game|before the break].",
    "{P} [described|called] the [performance|result|atmosphere] [as|] "
        "[\"unacceptable\"|\"special\"|\"a step forward\"|\"a learning experience\"] "
        "[after the game|afterwards|in his press conference].",
    "[Tickets|Seats] for the [game|match|fight] at {G} [sold out|were still available|went on sale] "
        "[within hours|on {D}|last week].",
    "{O} [rank|ranks|sit|sits] {ord} [in scoring defence|in total offence|for possession|in the table] "
        "[heading into|entering|ahead of] Week {num}.",
]

TECHNOLOGY = [
    "{O} [announced|unveiled|rolled out|began testing] {N} on {D}, [a move that|which] "
        "[puts it in competition with|brings it closer to|could help it catch] {O2}.",
    "The [feature|update|tool] [will be available|is rolling out|arrives] [first in|to users in|initially in] "
        "{G} [later this month|this week|in {M}].",
    "[Users|Developers|Customers] [have complained|have asked|have been waiting] for {N} "
        "[for years|since launch|since {M}].",
    "{O} [said|says] {N} [uses|relies on|is powered by] [its own|a new|an updated] "
        "[AI model|chip|software stack|platform].",
    "{T} [starts at|costs|is priced at] {money} and [ships|goes on sale|will be available] on {D}.",
    "[In a blog post|In a statement|On its earnings call], {O} said [it had|it has] [more than|nearly|over] "
        "{big} [million users|customers|developers|subscribers].",
    "{P}, {O}'s [chief executive|CEO|head of product|chief technology officer], [said|wrote|told developers] "
        "that {N} [was|is] [\"just the beginning\"|a priority|years in the making].",
    "[Regulators|Lawmakers|Officials] in {G} [have opened|are weighing|launched] "
        "[an inquiry into|a probe of|new rules on] {N}.",
    "[The|That] [lawsuit|complaint|case], filed in {M}, [accuses|alleges|claims] {O} of "
        "[abusing|misusing|failing to protect] {N}.",
    "{O} [declined to say|would not say|did not disclose] how many people [use|have tried|signed up for] {N}.",
    "[Security researchers|Analysts|Reviewers] [found|noted|warned] that {N} [could|can|may] "
        "[be exploited|drain the battery|collect more data than expected].",
    "[The|This] [deal|partnership|acquisition] [values|would value|was said to value] {O} at "
        "[about|roughly|nearly] {money}.",
    "[Early|Initial|First] [reviews|benchmarks|tests] of {T} [suggest|show|indicate] [modest|significant|mixed] "
        "[gains|improvements|results] over [last year's model|its predecessor|rival devices].",
    "{O} [has been|was] [criticised|praised|questioned] for [how it handles|its approach to|its handling of] {N}.",
    "The [startup|company|firm], [founded|launched|started] in {yr_past}, [raised|closed|secured] {money} "
        "[in a round led by|from investors including|with backing from] {O}.",
    "[A|The] [beta|preview|test version] of {N} [is|was made] [available to|open to|limited to] "
        "[developers|subscribers|a small group of users] [in {G}|for now|from {D}].",
    "{O} [is expected to|plans to|will] [share more about|detail|demo] {N} at "
        "[its developer conference|an event in {M}|a press event next week].",
    "[The|A] [Black Friday|holiday|limited-time] [deal|discount|price cut] [brings|takes] {T} [down to|to] "
        "{money}, [its lowest price yet|a record low|a modest saving].",
]

BUSINESS = [
    "Shares of {O} [rose|fell|jumped|slid] {pct} in [early|afternoon|after-hours|premarket] trading on {D}.",
    "{O} [reported|posted|booked] [revenue|net income|operating profit|sales] of {money} for the [third|fourth] "
        "quarter, [above|below|in line with] [analysts' estimates|expectations|Wall Street forecasts].",
    "[Analysts at|Economists at|Strategists at] {O} [expect|forecast|see] {N} to [weigh on|support|lift] "
        "[results|margins|demand] [through|into|until] {yr}.",
    "The [company|group|firm] [cut|raised|reaffirmed|withdrew] its [full-year|annual|{yr}] "
        "[guidance|outlook|forecast] [citing|because of|amid] {N}.",
    "{P}, {O}'s [chief financial officer|chief executive|chair], [said|told analysts|told investors] that {N} "
        "[remained|was|is] [a headwind|the main focus|on track].",
    "[Investors|Traders|Shareholders] [have been|were|are] [watching|betting on|worried about] {N} "
        "[for weeks|since {M}|ahead of the results].",
    "[The|That] [deal|transaction|merger] is expected to close "
        "[in the first half of {yr}|by the end of the year|in {M}], [subject to|pending] "
        "[regulatory approval|shareholder approval].",
    "{O} [employs|has|cut] [about|roughly|more than] {big} [people|workers|staff] "
        "[worldwide|in {G}|across its operations].",
    "[The|A] [central bank|regulator|court] in {G} [is due to|will|is set to] [rule on|decide on|review] {N} "
        "[next month|in {M}|on {D}].",
    "{O}'s [market value|valuation|stock] has [fallen|risen|climbed|dropped] {pct} "
        "[this year|since {M}|over the past year].",
    "[A|The] [filing|statement|report] [showed|revealed|indicated] that {O} [spent|paid|earned] {money} "
        "[on|from|for] {N}.",
    "[Demand for|Sales of|Spending on] {n} [slowed|picked up|held steady] in {G} [during|over] the "
        "[quarter|period|holiday season].",
    "[The|Its] [board|investors|lenders] [approved|rejected|are reviewing] {N} [on {D}|last week|earlier this month].",
    "{O} [said|added] it [would|will] [buy back|return|invest] [up to|about|another] {money} "
        "[over the next|during the coming] [two years|year|few quarters].",
]

ENTERTAINMENT = [
    "{P} [appeared|was spotted|walked the red carpet] at the [premiere|launch|screening] of {T} in {G} on {D}.",
    "{T} [opens|premieres|arrives|returns] [in cinemas|on streaming|on Netflix|on Disney+|in theatres] on {D}, "
        "[after|following] [months of|a long] [delays|speculation|buzz].",
    "[The|Its] [first|second|final] [season|album|series|book] [drew|earned|received] "
        "[strong|mixed|glowing|lukewarm] [reviews|ratings] [when it debuted|on release] in {yr_past}.",
    "{P} [opened up|spoke candidly|reflected] about {N} "
        "[in an interview with|on an episode of|during a conversation with] {O}.",
    "[Fans|Viewers|Listeners] [flooded|took to|lit up] social media [after|when|as] {P} [shared|posted|hinted at] {N}.",
    "[A representative for|A spokesperson for|Representatives of] {P} did not [immediately|] respond to "
        "[a request|requests] for comment.",
    "{P} and {P2} [first met|started dating|worked together|were first linked] in {yr_past}, "
        "[according to|as reported by] {O}.",
    "The [tour|show|festival] [stops in|heads to|visits] {G} [in {M}|next month|on {D}], with "
        "[tickets|seats|passes] [starting at|from] {money}.",
    "{T} [topped|climbed|entered] the [charts|box office|streaming rankings] "
        "[in its first week|over the weekend|in {G}], [earning|bringing in|pulling in] {money}.",
    "[In the|During the] [memoir|documentary|interview], {P} [recalls|describes|revisits] {N} "
        "[in detail|at length|for the first time].",
    "[The|This] [holiday|festive|seasonal] [special|episode|edition] [features|includes|will feature] {P} "
        "[alongside|and] {P2}.",
    "[Stores|Shops|Retailers] in {G} [will open|will close|are expected to open] [early|late|at {time}] on "
        "[the holiday|{D}|Black Friday], [according to|said] {O}.",
    "{P} [has been|was] [nominated for|tipped for|shortlisted for] [an award|a Grammy|an Emmy|a Golden Globe] for {N}.",
]

HEALTH = [
    "[Researchers|Scientists|Doctors] at {O} [found|reported|said] that {N} "
        "[was linked to|could reduce|may raise] the risk of [illness|complications|infection].",
    "The [study|trial|survey], [published|released|presented] in {M}, [followed|tracked|included] "
        "[about|more than|nearly] {big} [patients|adults|participants].",
    "[Health officials|Experts|Doctors] in {G} [urged|advised|reminded] [people|the public|parents] to "
        "[check|watch for|avoid] {N} [this winter|during the holidays|in the coming weeks].",
    "{P}, [a|an] [doctor|professor|researcher] at {O}, said {N} [was|is] "
        "[\"encouraging\"|\"worrying\"|\"a first step\"].",
    "[Cases of|Reports of|Visits for] {n} [rose|fell|climbed] {pct} [in {G}|last month|over the past year], "
        "[according to|data from] {O} [show|said|].",
    "The [findings|results|data] [have not yet been|were not] "
        "[peer reviewed|replicated|independently confirmed], [the authors|researchers|{P}] [noted|cautioned|said].",
    "[Sky watchers|Observers|Astronomers] in {G} [may be able to|could|were able to] [see|spot|photograph] {N} "
        "[on {D}|this week|after dark].",
    "[The|This] [phenomenon|effect|event] [is|was] [most visible|strongest|easiest to see] [around|after|near] "
        "{time} [local time|in the evening|before dawn].",
]

TOPIC_FRAMES = {
    "sports": SPORTS, "technology": TECHNOLOGY, "business": BUSINESS,
    "entertainment": ENTERTAINMENT, "health": HEALTH, "science": HEALTH,
}

# Opening sentences (ledes): who did what, when.
LEDES = [
    "{O} [said|confirmed|announced] on {D} that [it|the company|the team] [would|will|had agreed to] "
        "[review|press ahead with|pause|expand] {N}.",
    "{P} [has|had] [been at the centre of|faced fresh questions over|weighed in on] {N} "
        "[this week|after a turbulent week|since {D}].",
    "[The|A] [fight|race|debate|battle] over {N} [took|has taken] [a new turn|another twist|centre stage] on "
        "{D}, [when|as|after] {O} [stepped in|responded|went public].",
    "{P} [says|said|insisted] {N} [is|was] [not the end of the story|only part of the picture|the right call], "
        "[despite|amid|after] [criticism|doubts|questions] from {O}.",
    "[Weeks after|Days after|Months after] {N} [made headlines|first surfaced|was announced], {O} [is|are] "
        "[still|once again] [dealing with|answering questions about|under pressure over] {N2}.",
    "[It has been|It was] a [busy|difficult|remarkable|strange] [week|month|season] for {O}, [and|but] {N} "
        "[may|could|will] [matter most|be the headline|linger longest].",
    "{O} [and|have|] {O2} [are|were] [back in the spotlight|at odds again|set to meet] [after|following|ahead of] {N}.",
]

# Headlines for the distractor documents, short and topical as headlines are.
HEADLINES = [
    "{O} [unveils|launches|delays|confirms|scraps] {n}",
    "{P} [says|warns|admits] {n} [is|was] [a turning point|not enough|only the start]",
    "Why {N} matters for {O}",
    "What {O}'s {n} means for {G}",
    "{P} on {n}: ‘[We have to be better|It is not over|I never expected this]’",
    "{O} [faces|under] [fresh|new|mounting] [scrutiny|pressure|questions] over {n}",
    "[Everything we know about|Five things to know about|What to know about] {N}",
    "{P} [breaks silence|speaks out|opens up] on {n}",
    "{O} [and|vs] {O2}: [key takeaways|what we learned|the verdict]",
    "{T}: [first impressions|review|what critics are saying]",
    "{G} [braces for|reacts to|weighs] {n}",
    "{O} [bets big on|doubles down on|rethinks] {n}",
]

SPORTS_HEADLINES = [
    "{O} vs {O2}: [prediction, odds and how to watch|live updates|team news and kick-off time|five things we learned]",
    "{P} [leads|carries|lifts] {O} past {O2}",
    "{O} [rocked by|sweat on|without] {P} [injury|news|for clash with {O2}]",
    "Week {num} [rankings|picks|sleepers]: [start|sit|watch] {P}",
    "{P} [stars as|shines as|inspires] {O} [beat|edge|stun] {O2}",
]

BUSINESS_HEADLINES = [
    "{O} shares [jump|slide|surge|tumble] after {n}",
    "{O} [beats|misses] [estimates|forecasts] as {n} [weighs|pays off]",
    "{O} [to cut|to buy|eyes] {n}",
]

TOPIC_HEADLINES = {"sports": SPORTS_HEADLINES, "business": BUSINESS_HEADLINES, "technology": BUSINESS_HEADLINES[2:]}

# Generic quotes for {Q} / {q}: hand-written, deliberately bland.
QUOTES = [
    "We’re focused on the next step", "It’s been a long process, but we’re getting there",
    "Nobody saw this coming", "We have to be honest about where we are", "I think people will be surprised",
    "It’s not something we take lightly", "There’s still a lot of work to do", "We knew it would be difficult",
    "This is a big moment for all of us", "I don’t think anyone expected it to go this way",
    "We’ve learned a lot from the last few months", "It was the right decision at the right time",
    "We’re not going to change who we are", "The response has been overwhelming",
    "It’s too early to say what happens next", "We want to get this right", "Everyone played their part",
    "I’m proud of how we handled it", "We’ll look at everything and come back stronger",
    "People deserve clear answers", "That’s the reality we’re dealing with", "We’re in a good position",
]

ROLES = ["a spokesperson", "one analyst", "a person familiar with the matter", "a senior official",
         "an industry executive", "a longtime observer", "a former adviser", "one fan"]

