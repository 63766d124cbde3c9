#include "mentions.h"

#include <algorithm>
#include <cctype>

#include "dossier/schema.h"
#include "codec.h"
#include "paragraphs.h"
#include "text.h"

namespace dossier {

namespace {

/// Unprefixed terms (the words of titles and texts) start with a lower-case
/// letter, a digit or a non-ASCII byte; prefixes are capitals.
bool is_word_term(const std::string& term) {
    if (term.empty()) return false;
    auto c = static_cast<unsigned char>(term[0]);
    return !(c >= 'A' && c <= 'Z');
}

/// The term of a leaf query.
std::string leaf_term(const Xapian::Query& query) {
    auto it = query.get_terms_begin();
    return it == query.get_terms_end() ? std::string() : *it;
}

/// Positions of term in document did after first (the text's words follow
/// the title and metadata), in order.
std::vector<Xapian::termpos> positions(const Xapian::Database& db, Xapian::docid did, const std::string& term,
                                       Xapian::termpos first) {
    std::vector<Xapian::termpos> out;
    for (auto it = db.positionlist_begin(did, term); it != db.positionlist_end(did, term); ++it)
        if (*it > first) out.push_back(*it);
    return out;
}

/// Words (term positions) the term generator gives text, as the index
/// writer configures it.
Xapian::termcount words_in(const std::string& text) {
    Xapian::TermGenerator generator;
    generator.set_max_word_length(schema::kMaxWordBytes);
    Xapian::Document scratch;
    generator.set_document(scratch);
    generator.index_text(index_form(text));
    return generator.get_termpos();
}

}  // namespace

MentionCounter::MentionCounter(const Xapian::Database& db, const Xapian::Query& query) : db_(db) {
    collect(query);
}

void MentionCounter::add_unit(std::vector<std::string> terms) {
    if (terms.empty()) return;
    if (std::find(units_.begin(), units_.end(), terms) == units_.end()) units_.push_back(std::move(terms));
}

void MentionCounter::collect(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const std::string term = leaf_term(query);
            if (term.size() > 1 && term[0] == 'Z') {
                // A stemmed word: every form of the index with its stem.
                const std::string stem = term.substr(1);
                const std::string start = stem.size() > 2 ? stem.substr(0, stem.size() - 1) : stem;
                Xapian::Stem stemmer(schema::kStemLanguage);
                unsigned scanned = 0;
                for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start) && scanned < kMaxFormsScanned;
                     ++it, ++scanned)
                    if (stemmer(*it) == stem) add_unit({*it});
            } else if (is_word_term(term)) {
                add_unit({term});
            }
            return;
        }
        case Xapian::Query::OP_PHRASE: {
            std::vector<std::string> terms;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                const Xapian::Query sub = query.get_subquery(i);
                if (sub.get_type() != Xapian::Query::LEAF_TERM || !is_word_term(leaf_term(sub))) return;
                terms.push_back(leaf_term(sub));
            }
            add_unit(std::move(terms));
            return;
        }
        // The right side filters or excludes: nothing there is a mention.
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            if (query.get_num_subqueries() > 0) collect(query.get_subquery(0));
            return;
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
        case Xapian::Query::LEAF_POSTING_SOURCE:
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return;
        default:
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) collect(query.get_subquery(i));
    }
}

std::vector<std::string> MentionCounter::forms() const {
    std::vector<std::string> out;
    for (int phrases = 0; phrases < 2; ++phrases) {
        for (const auto& unit : units_) {
            if ((unit.size() > 1) != (phrases == 1)) continue;
            std::string form;
            for (const auto& term : unit) form += (form.empty() ? "" : " ") + term;
            out.push_back(unit.size() > 1 ? "\"" + form + "\"" : form);
        }
    }
    return out;
}

MentionCount MentionCounter::count(Xapian::docid did, const StoredData& stored) const {
    MentionCount out;
    const auto& blocks = stored.blocks();
    // Without stored positions (data written before text blocks) the text's
    // first position is unknown: the title's words count too.
    const bool known = stored.has_positions() && !blocks.empty();
    const Xapian::termpos first = known ? blocks.front().first_pos : 0;
    for (const auto& unit : units_) {
        std::vector<Xapian::termpos> starts = positions(db_, did, unit.front(), first);
        for (std::size_t k = 1; k < unit.size() && !starts.empty(); ++k) {
            const std::vector<Xapian::termpos> next = positions(db_, did, unit[k], first);
            std::vector<Xapian::termpos> kept;
            for (Xapian::termpos p : starts)
                if (std::binary_search(next.begin(), next.end(), p + static_cast<Xapian::termpos>(k)))
                    kept.push_back(p);
            starts = std::move(kept);
        }
        out.mentions += static_cast<Xapian::termcount>(starts.size());
    }
    // The words up to the last span are known from its first position;
    // only that span (of the last block) is read to count the rest.
    if (known) {
        const TextBlock& last = blocks.back();
        const std::string text = stored.block_text(blocks.size() - 1);
        const std::vector<TextSpan> spans = split_spans(text);
        if (!spans.empty() && spans.size() == last.paragraph_pos.size()) {
            out.words = last.paragraph_pos.back() - first +
                        words_in(text.substr(spans.back().begin, spans.back().end - spans.back().begin));
        } else {
            out.words = last.first_pos - first + words_in(text);
        }
    } else {
        out.words = words_in(stored.text());
    }
    return out;
}

const Xapian::Query& mention_query(const ParsedQuery& parsed) {
    return parsed.match_query.empty() ? parsed.query : parsed.match_query;
}

void count_timeline_mentions(const Xapian::Database& db, const ParsedQuery& parsed, Timeline& timeline) {
    const MentionCounter counter(db, mention_query(parsed));
    Xapian::Enquire enquire(db);
    enquire.set_query(mention_query(parsed));
    // No ranking needed: the oldest first, so that a cut keeps whole years.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::kSlotDateStart, false);
    Xapian::MSet all = enquire.get_mset(0, kMaxMentionDocuments);
    timeline.mentions_partial = all.get_matches_lower_bound() > all.size();
    for (auto it = all.begin(); it != all.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        const std::string year = doc.get_value(schema::kSlotYear);
        if (year.empty()) continue;
        const MentionCount count = counter.count(*it, StoredData(doc));
        YearMentions& sum = timeline.mentions[std::stoi(year)];
        sum.mentions += count.mentions;
        sum.words += count.words;
    }
}

}  // namespace dossier
