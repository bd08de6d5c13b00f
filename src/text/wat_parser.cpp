// watToBinary: a .wat source is `(module $id? field*)` or a bare list of
// fields (spec 6.6.13); `(module binary ...)` is accepted for symmetry with
// scripts.
#include "text/wat_parser.h"

#include "text/lexer.h"
#include "text/module_parser.h"
#include "text/parse_util.h"
#include "text/token_cursor.h"

namespace petrel::internal {

Result<std::vector<uint8_t>> watToBinary(std::string_view source, const WatOptions& options) {
  std::vector<text::Token> tokens = text::tokenize(source);
  text::TokenCursor cur(tokens);
  std::vector<uint8_t> out;
  bool ok;
  if (cur.atField("module")) {
    cur.next();
    cur.next();
    std::string id;
    if (cur.is(text::TokenKind::Id)) id = cur.next().value;
    if (cur.isKeyword("binary")) {
      cur.next();
      std::string bytes;
      ok = text::parseStrings(cur, bytes, true);
      out.assign(bytes.begin(), bytes.end());
    } else {
      text::ModuleParser parser(cur);
      parser.setModuleName(std::move(id));
      parser.setAllNames(options.all_names);
      ok = parser.parse(out);
    }
    ok = ok && cur.expect(text::TokenKind::RParen);
  } else {
    text::ModuleParser parser(cur);
    parser.setAllNames(options.all_names);
    ok = parser.parse(out);
  }
  ok = ok && cur.expect(text::TokenKind::Eof);
  if (!ok) return cur.takeError();
  return out;
}

}  // namespace petrel::internal
