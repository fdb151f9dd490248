"""The media we know by name: wires, agencies, broadcasters, papers,
magazines, websites and social platforms, each with its kind and its other
spellings.

One list for every stage: ingest reads an article's wire from its dateline
with it, attribution knows a credited medium by it, tracing reads an
editor's "(with ... - TASS)" with it, and the store gives a source its kind
from it, so a medium has one kind whichever stage met it first.

Kinds: ``wire`` (an agency whose copy other outlets carry under their own
name), ``agency``, ``tv``, ``radio``, ``newspaper``, ``magazine``,
``website``, ``social``, and ``event`` for an occasion ("press
conference"), which is never in the list.
"""

from __future__ import annotations

from .folding import key

# canonical name: (kind, other spellings). Names are matched with their
# capitals, so "Time" the magazine is not "time" the noun.
LEXICON: dict[str, tuple[str, tuple[str, ...]]] = {
    # wires: agencies whose copy other outlets carry under their dateline
    "Reuters": ("wire", ()),
    "AP": ("wire", ("Associated Press", "The Associated Press", "A.P.")),
    "AFP": ("wire", ("Agence France-Presse", "Agence France Presse", "A.F.P.")),
    "Bloomberg": ("wire", ("Bloomberg News",)),
    "UPI": ("wire", ("United Press International",)),
    "dpa": ("wire", ("DPA", "Deutsche Presse-Agentur")),
    "EFE": ("wire", ()),
    "ANSA": ("wire", ()),
    "Kyodo": ("wire", ("Kyodo News",)),
    "Yonhap": ("wire", ()),
    "KCNA": ("agency", ("Korean Central News Agency",)),
    "TASS": ("wire", ("Tass", "ITAR-TASS", "Itar-Tass")),
    "RIA Novosti": ("wire", ("RIA", "Ria Novosti")),
    "Interfax": ("wire", ("Interfax-Ukraine",)),
    "Sputnik": ("wire", ()),
    "Anadolu": ("wire", ("Anadolu Agency", "Anadolu Ajansi", "AA")),
    "Xinhua": ("wire", ()),
    "IRNA": ("agency", ()),
    "Fars": ("agency", ("Fars News",)),
    "Tasnim": ("agency", ()),
    "Mehr": ("agency", ()),
    "ISNA": ("agency", ()),
    "PTI": ("wire", ("Press Trust of India",)),
    "ANI": ("agency", ()),
    "WAM": ("agency", ()),
    "SPA": ("agency", ("Saudi Press Agency",)),
    "SANA": ("agency", ()),
    "MENA": ("agency", ()),
    "Ukrinform": ("agency", ()),
    "UNIAN": ("agency", ()),
    "BelTA": ("agency", ()),
    "Kazinform": ("agency", ()),
    "Trend": ("agency", ()),
    "APA": ("agency", ()),
    "Bernama": ("agency", ()),
    "Antara": ("agency", ()),
    "PAP": ("agency", ()),
    "Ihlas": ("agency", ("IHA",)),
    "DHA": ("agency", ("Dogan News Agency",)),
    # television
    "BBC": ("tv", ("BBC News", "the BBC")),
    "CNN": ("tv", ()),
    "CNN Turk": ("tv", ("CNN Türk",)),
    "Fox News": ("tv", ("Fox", "Fox News Channel", "Fox Business")),
    "MSNBC": ("tv", ()),
    "NBC": ("tv", ("NBC News",)),
    "ABC": ("tv", ("ABC News",)),
    "CBS": ("tv", ("CBS News",)),
    "PBS": ("tv", ()),
    "CNBC": ("tv", ()),
    "C-SPAN": ("tv", ()),
    "Sky News": ("tv", ("Sky",)),
    "ITV": ("tv", ()),
    "Channel 4": ("tv", ()),
    "Al Jazeera": ("tv", ("Al-Jazeera", "Aljazeera")),
    "Al Arabiya": ("tv", ("Al-Arabiya",)),
    "RT": ("tv", ("Russia Today",)),
    "NTV": ("tv", ()),
    "TRT": ("tv", ("TRT World", "TRT Haber")),
    "Haberturk": ("tv", ("Habertürk",)),
    "A Haber": ("tv", ()),
    "Rossiya-1": ("tv", ("Rossiya 1", "Russia-1", "Russia 1")),
    "Rossiya-24": ("tv", ("Rossiya 24", "Russia-24", "Russia 24")),
    "Channel One": ("tv", ("Pervy Kanal", "Channel One Russia")),
    "Zvezda": ("tv", ()),
    "Dozhd": ("tv", ("TV Rain",)),
    "France 24": ("tv", ()),
    "Euronews": ("tv", ()),
    "Deutsche Welle": ("tv", ("DW",)),
    "ZDF": ("tv", ()),
    "ARD": ("tv", ()),
    "NHK": ("tv", ()),
    "CCTV": ("tv", ()),
    "CGTN": ("tv", ()),
    "France 2": ("tv", ()),
    "TF1": ("tv", ()),
    "BFM": ("tv", ("BFMTV", "BFM TV")),
    "Channel 12": ("tv", ()),
    "Kan": ("tv", ()),
    "Press TV": ("tv", ()),
    # radio
    "NPR": ("radio", ("National Public Radio",)),
    "Echo of Moscow": ("radio", ("Ekho Moskvy", "Echo Moskvy")),
    "Radio Free Europe": ("radio", ("RFE/RL", "Radio Liberty", "Radio Free Europe/Radio Liberty", "RFERL")),
    "Voice of America": ("radio", ("VOA",)),
    "Kommersant FM": ("radio", ()),
    "Business FM": ("radio", ()),
    "Govorit Moskva": ("radio", ()),
    "Army Radio": ("radio", ()),
    "LBC": ("radio", ()),
    # newspapers
    "Kommersant": ("newspaper", ()),
    "Izvestia": ("newspaper", ("Izvestiya",)),
    "Vedomosti": ("newspaper", ()),
    "Novaya Gazeta": ("newspaper", ()),
    "Rossiyskaya Gazeta": ("newspaper", ()),
    "Nezavisimaya Gazeta": ("newspaper", ()),
    "Moskovsky Komsomolets": ("newspaper", ()),
    "Komsomolskaya Pravda": ("newspaper", ()),
    "Daily Sabah": ("newspaper", ()),
    "Sabah": ("newspaper", ()),
    "Hurriyet": ("newspaper", ("Hürriyet", "Hurriyet Daily News", "Hürriyet Daily News")),
    "Milliyet": ("newspaper", ()),
    "Yeni Safak": ("newspaper", ("Yeni Şafak",)),
    "Cumhuriyet": ("newspaper", ()),
    "Sozcu": ("newspaper", ("Sözcü",)),
    "Zaman": ("newspaper", ()),
    "The New York Times": ("newspaper", ("New York Times", "NYT")),
    "The Washington Post": ("newspaper", ("Washington Post",)),
    "The Wall Street Journal": ("newspaper", ("Wall Street Journal", "WSJ")),
    "USA Today": ("newspaper", ()),
    "Los Angeles Times": ("newspaper", ("LA Times", "L.A. Times")),
    "The Boston Globe": ("newspaper", ("Boston Globe",)),
    "New York Post": ("newspaper", ("The New York Post",)),
    "Financial Times": ("newspaper", ("The Financial Times", "FT")),
    "The Guardian": ("newspaper", ("Guardian",)),
    "The Times": ("newspaper", ("Times",)),
    "The Telegraph": ("newspaper", ("Daily Telegraph", "The Daily Telegraph")),
    "Daily Mail": ("newspaper", ("The Daily Mail", "Mail on Sunday")),
    "The Independent": ("newspaper", ()),
    "The Sun": ("newspaper", ()),
    "Le Monde": ("newspaper", ()),
    "Le Figaro": ("newspaper", ()),
    "Liberation": ("newspaper", ("Libération",)),
    "Bild": ("newspaper", ("Bild am Sonntag",)),
    "Frankfurter Allgemeine Zeitung": ("newspaper", ("FAZ", "Frankfurter Allgemeine")),
    "Süddeutsche Zeitung": ("newspaper", ("Sueddeutsche Zeitung",)),
    "Die Welt": ("newspaper", ("Welt am Sonntag",)),
    "El País": ("newspaper", ("El Pais",)),
    "Corriere della Sera": ("newspaper", ()),
    "La Repubblica": ("newspaper", ()),
    "Haaretz": ("newspaper", ()),
    "The Jerusalem Post": ("newspaper", ("Jerusalem Post",)),
    "Yedioth Ahronoth": ("newspaper", ()),
    "Asahi Shimbun": ("newspaper", ("Asahi",)),
    "Yomiuri Shimbun": ("newspaper", ("Yomiuri",)),
    "South China Morning Post": ("newspaper", ("SCMP",)),
    "Global Times": ("newspaper", ()),
    "People's Daily": ("newspaper", ()),
    "China Daily": ("newspaper", ()),
    "The Hindu": ("newspaper", ()),
    "Times of India": ("newspaper", ("The Times of India",)),
    "Dawn": ("newspaper", ()),
    "Al-Ahram": ("newspaper", ("Al Ahram",)),
    "Asharq Al-Awsat": ("newspaper", ()),
    "Gulf News": ("newspaper", ()),
    "Kyiv Independent": ("website", ("The Kyiv Independent",)),
    "Kyiv Post": ("newspaper", ()),
    "The Moscow Times": ("newspaper", ("Moscow Times",)),
    # magazines
    "Time": ("magazine", ("TIME",)),
    "Newsweek": ("magazine", ()),
    "The Atlantic": ("magazine", ()),
    "The New Yorker": ("magazine", ("New Yorker",)),
    "The Economist": ("magazine", ("Economist",)),
    "Der Spiegel": ("magazine", ("Spiegel",)),
    "Stern": ("magazine", ()),
    "Focus": ("magazine", ()),
    "Forbes": ("magazine", ()),
    "Fortune": ("magazine", ()),
    "Foreign Policy": ("magazine", ()),
    "Foreign Affairs": ("magazine", ()),
    "Rolling Stone": ("magazine", ()),
    "Vanity Fair": ("magazine", ()),
    "Paris Match": ("magazine", ()),
    "Ogonyok": ("magazine", ()),
    "Expert": ("magazine", ()),
    "National Review": ("magazine", ()),
    "Mother Jones": ("magazine", ()),
    # websites
    "Politico": ("website", ("POLITICO", "Politico Europe")),
    "Axios": ("website", ()),
    "Breitbart": ("website", ("Breitbart News",)),
    "HuffPost": ("website", ("Huffington Post", "The Huffington Post")),
    "BuzzFeed News": ("website", ("BuzzFeed",)),
    "Vox": ("website", ()),
    "Slate": ("website", ()),
    "The Daily Beast": ("website", ("Daily Beast",)),
    "The Hill": ("website", ()),
    "Business Insider": ("website", ("Insider",)),
    "The Intercept": ("website", ()),
    "ProPublica": ("website", ()),
    "Semafor": ("website", ()),
    "Meduza": ("website", ()),
    "RBC": ("website", ("RBK",)),
    "Gazeta.ru": ("website", ()),
    "Lenta.ru": ("website", ()),
    "Fontanka": ("website", ()),
    "The Bell": ("website", ()),
    "Al-Monitor": ("website", ("Al Monitor",)),
    "Middle East Eye": ("website", ()),
    "Times of Israel": ("website", ("The Times of Israel",)),
    "Ynet": ("website", ("Ynetnews",)),
    "Bellingcat": ("website", ()),
    "Daily Caller": ("website", ("The Daily Caller",)),
    "TMZ": ("website", ()),
    "Politifact": ("website", ("PolitiFact",)),
    # social platforms
    "Twitter": ("social", ()),
    "X": ("social", ()),
    "Facebook": ("social", ()),
    "Instagram": ("social", ()),
    "Telegram": ("social", ()),
    "YouTube": ("social", ()),
    "TikTok": ("social", ()),
    "Truth Social": ("social", ()),
    "VKontakte": ("social", ("VK",)),
    "Weibo": ("social", ()),
    "WeChat": ("social", ()),
    "LinkedIn": ("social", ()),
    "Threads": ("social", ()),
    "Reddit": ("social", ()),
    "Snapchat": ("social", ()),
    "Bluesky": ("social", ()),
    "Gab": ("social", ()),
    "Parler": ("social", ()),
    "Mastodon": ("social", ()),
}


def _spellings() -> dict[str, tuple[str, str]]:
    out = {}
    for name, (kind, others) in LEXICON.items():
        for form in (name, *others):
            out[form] = (name, kind)
    return out


SPELLINGS: dict[str, tuple[str, str]] = _spellings()
"""Every spelling, as written, with its (canonical name, kind)."""
_BY_KEY = {key(form): known for form, known in SPELLINGS.items()}

WIRE_SPELLINGS: dict[str, str] = {
    " ".join(form.lower().split()): name for form, (name, kind) in SPELLINGS.items() if kind == "wire"
} | {"the associated press": "AP", "anadolu agency": "Anadolu"}
"""Lower-case spellings of the wires, for datelines and credit lines."""


def lookup(name: str) -> tuple[str, str] | None:
    """(canonical name, kind) of a known medium, by any of its spellings."""
    return SPELLINGS.get(name) or _BY_KEY.get(key(name))


def wire_name(text: str) -> str | None:
    """The canonical wire a name denotes ("the associated press" -> "AP"), or None."""
    return WIRE_SPELLINGS.get(" ".join((text or "").lower().split()))


def kind_of_source(name: str, given: str | None = None) -> str | None:
    """The kind a source is stored with: the list's kind for a medium it
    knows, else the kind the stage that met it gave."""
    known = lookup(name)
    return known[1] if known else given
