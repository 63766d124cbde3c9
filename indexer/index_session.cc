#include "index_session.h"

#include "codec.h"

namespace dossier {

IndexSession::IndexSession(const IndexerOptions& options, IndexObserver* observer)
    : options_(options),
      observer_(observer ? observer : &quiet_),
      start_(std::chrono::steady_clock::now()),
      writer_(std::make_unique<IndexWriter>(options.db_path)) {}

bool IndexSession::check_cancel() {
    if (!options_.cancel || !options_.cancel->load()) return false;
    report_.interrupted = true;
    return true;
}

void IndexSession::add(const PreparedDocument& prepared, bool known, std::size_t text_bytes) {
    writer_->add(prepared);
    added(known, text_bytes);
}

void IndexSession::add(const Document& doc) {
    bool known = writer_->database().term_exists(id_term(doc.key));
    writer_->add(builder_.build(doc));
    added(known, doc.text.size());
}

void IndexSession::added(bool known, std::size_t text_bytes) {
    ++(known ? report_.updated : report_.added);
    pending_bytes_ += text_bytes;
    // A batch_size of 0 commits every document, as 1 does.
    if (++pending_ >= options_.batch_size || pending_bytes_ >= text_budget_) commit();
}

bool IndexSession::remove(const std::string& key) {
    if (!writer_->remove(key)) return false;
    ++report_.removed;
    return true;
}

void IndexSession::fail(IndexFailure failure) {
    observer_->on_failure(failure);
    report_.failures.push_back(std::move(failure));
}

void IndexSession::replace_database(const std::function<void()>& exchange) {
    writer_.reset();
    exchange();
    writer_ = std::make_unique<IndexWriter>(options_.db_path);
}

void IndexSession::commit() {
    writer_->commit();
    // Only once it succeeded: after a failed commit (a full disk), the next
    // document tries again.
    pending_ = pending_bytes_ = 0;
}

IndexReport IndexSession::finish() {
    // Suggestions come from the dictionary, so a run that changed the
    // vocabulary has to bring it along, whatever fed the documents.
    if (report_.added || report_.updated || report_.removed) sync_spelling(writer_->database());
    writer_->commit();
    report_.failed = report_.failures.size();
    report_.documents = writer_->doc_count();
    report_.db_path = options_.db_path;
    report_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return std::move(report_);
}

}  // namespace dossier
