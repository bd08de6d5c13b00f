#include "text/lexer.h"

#include "text/number_literal.h"

namespace petrel::internal::text {

namespace {

// idchar (spec 6.2.4): the printable ASCII characters that may form keywords,
// numbers and identifiers.
bool isIdChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isHex(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned hexVal(unsigned char c) {
  if (c <= '9') return c - '0';
  if (c >= 'a') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Length of the well-formed UTF-8 sequence at s[i], or 0.
size_t utf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto cont = [&](size_t k) { return (b(k) & 0xc0) == 0x80; };
  unsigned c = b(0);
  if (c < 0x80) return 1;
  if (c < 0xc2) return 0;  // continuation byte or overlong 2-byte lead
  if (c < 0xe0) return cont(1) ? 2 : 0;
  if (c < 0xf0) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xe0 && b(1) < 0xa0) return 0;   // overlong
    if (c == 0xed && b(1) >= 0xa0) return 0;  // surrogates
    return 3;
  }
  if (c < 0xf5) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xf0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xf4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<Token> run() {
    while (true) {
      if (!skipTrivia()) break;
      if (pos_ >= src_.size()) {
        push(TokenKind::Eof, pos_);
        break;
      }
      char c = src_[pos_];
      if (c == '(' && peekAt(1) == '@') {
        if (!skipAnnotation()) break;
        continue;
      }
      if (c == '(' || c == ')') {
        push(c == '(' ? TokenKind::LParen : TokenKind::RParen, pos_);
        advance(1);
        continue;
      }
      if (!lexRun()) break;
    }
    return std::move(tokens_);
  }

 private:
  char peekAt(size_t k) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }

  void advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < src_.size(); ++i) {
      if (src_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
  }

  Token& push(TokenKind kind, size_t start) {
    Token t;
    t.kind = kind;
    t.offset = static_cast<uint32_t>(start);
    t.line = line_;
    t.col = static_cast<uint32_t>(start - line_start_ + 1);
    t.text = src_.substr(start, pos_ > start ? pos_ - start : (kind == TokenKind::Eof ? 0 : 1));
    tokens_.push_back(std::move(t));
    return tokens_.back();
  }

  // Records a lexical error at the current position; lexing stops.
  bool error(const char* message) {
    Token& t = push(TokenKind::Error, pos_);
    t.value = message;
    return false;
  }

  // The message for a character that cannot appear outside strings/comments.
  bool badCharacter() {
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (c >= 0x80 && utf8Length(src_, pos_) == 0) return error("malformed UTF-8 encoding");
    return error("illegal character");
  }

  // White space, line comments and (nested) block comments (spec 6.2.3).
  bool skipTrivia() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (isSpace(static_cast<unsigned char>(c))) {
        advance(1);
      } else if (c == ';' && peekAt(1) == ';') {
        // A line comment ends at a newline: LF, CR or CR LF (spec 6.2.3).
        while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') advance(1);
      } else if (c == '(' && peekAt(1) == ';') {
        size_t depth = 0;
        do {
          if (pos_ >= src_.size()) return error("unclosed comment");
          if (src_[pos_] == '(' && peekAt(1) == ';') {
            ++depth;
            advance(2);
          } else if (src_[pos_] == ';' && peekAt(1) == ')') {
            --depth;
            advance(2);
          } else {
            advance(1);
          }
        } while (depth > 0);
      } else {
        break;
      }
    }
    return true;
  }

  // Decodes the string starting at the '"' under the cursor (spec 6.3.3).
  // On failure sets `message` and leaves the cursor at the offending
  // character.
  bool lexString(std::string& out, const char*& message) {
    advance(1);
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        message = "unclosed string";
        return false;
      }
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      if (c == '"') {
        advance(1);
        return true;
      }
      if (c < 0x20 || c == 0x7f) {
        message = "illegal control character in string";
        return false;
      }
      if (c >= 0x80) {
        size_t n = utf8Length(src_, pos_);
        if (n == 0) {
          message = "malformed UTF-8 encoding";
          return false;
        }
        out.append(src_.substr(pos_, n));
        advance(n);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        advance(1);
        continue;
      }
      unsigned char e = static_cast<unsigned char>(peekAt(1));
      switch (e) {
        case 't': out += '\t'; advance(2); continue;
        case 'n': out += '\n'; advance(2); continue;
        case 'r': out += '\r'; advance(2); continue;
        case '"': out += '"'; advance(2); continue;
        case '\'': out += '\''; advance(2); continue;
        case '\\': out += '\\'; advance(2); continue;
        case 'u': {
          // \u{hexnum}: a Unicode scalar value, encoded as UTF-8.
          if (peekAt(2) != '{' || !isHex(static_cast<unsigned char>(peekAt(3)))) break;
          size_t i = pos_ + 3;
          uint32_t cp = 0;
          bool too_big = false, last_digit = false;
          while (i < src_.size() && (isHex(static_cast<unsigned char>(src_[i])) || (src_[i] == '_' && last_digit))) {
            if (src_[i] != '_') {
              cp = cp * 16 + hexVal(static_cast<unsigned char>(src_[i]));
              if (cp >= 0x110000) too_big = true;
              last_digit = true;
            } else {
              last_digit = false;
            }
            ++i;
          }
          if (i >= src_.size() || src_[i] != '}' || !last_digit) break;
          if (too_big || (cp >= 0xd800 && cp < 0xe000)) {
            message = "malformed UTF-8 encoding";
            return false;
          }
          appendUtf8(out, cp);
          advance(i + 1 - pos_);
          continue;
        }
        default:
          if (isHex(e) && isHex(static_cast<unsigned char>(peekAt(2)))) {
            out += static_cast<char>(hexVal(e) * 16 + hexVal(static_cast<unsigned char>(peekAt(2))));
            advance(3);
            continue;
          }
          break;
      }
      message = "illegal escape";
      return false;
    }
  }

  // A maximal run of token characters (idchars, strings and the reserved
  // punctuation of spec 6.2.2), classified as one token. Runs that are no
  // valid token become Reserved, which the parser reports as "unknown
  // operator" - the reference interpreter's message for them.
  bool lexRun() {
    // Runs never span lines (strings cannot contain raw newlines), so the
    // line bookkeeping stays valid for the token's first character.
    size_t start = pos_;
    size_t strings = 0;
    bool only_id_chars = true;
    size_t first_string_start = 0, first_string_end = 0;
    std::string first_string;
    while (pos_ < src_.size()) {
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      if (isIdChar(c)) {
        advance(1);
      } else if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || (c == ';' && peekAt(1) != ';')) {
        only_id_chars = false;
        advance(1);
      } else if (c == '"') {
        only_id_chars = false;
        size_t s = pos_;
        std::string value;
        const char* message = nullptr;
        if (!lexString(value, message)) {
          // `$"..."` reports a broken name as a missing one.
          if (s == start + 1 && src_[start] == '$') {
            pos_ = start;
            return error("empty identifier");
          }
          return error(message);
        }
        if (strings++ == 0) {
          first_string = std::move(value);
          first_string_start = s;
          first_string_end = pos_;
        }
      } else if (isSpace(c) || c == '(' || c == ')' || c == ';') {
        break;
      } else {
        return badCharacter();
      }
    }
    std::string_view text = src_.substr(start, pos_ - start);
    auto finish = [&](TokenKind kind) -> Token& { return push(kind, start); };
    unsigned char c0 = static_cast<unsigned char>(text[0]);
    if (strings == 1 && first_string_start == start && first_string_end == pos_) {
      finish(TokenKind::String).value = std::move(first_string);
      return true;
    }
    if (c0 == '$') {
      if (text.size() == 1) {
        pos_ = start;
        return error("empty identifier");
      }
      if (strings == 1 && first_string_start == start + 1 && first_string_end == pos_) {
        // $"name" (Wasm 3.0): any non-empty UTF-8 string names the same
        // thing as the plain $name with those characters.
        if (first_string.empty()) {
          pos_ = start;
          return error("empty identifier");
        }
        if (!isValidUtf8(first_string)) {
          pos_ = start;
          return error("malformed UTF-8 encoding");
        }
        finish(TokenKind::Id).value = std::move(first_string);
        return true;
      }
      if (only_id_chars) {
        finish(TokenKind::Id).value = std::string(text.substr(1));
        return true;
      }
      finish(TokenKind::Reserved);
      return true;
    }
    if (only_id_chars) {
      NumberClass cls = classifyNumber(text);
      if (cls == NumberClass::Nat) finish(TokenKind::Nat);
      else if (cls == NumberClass::Int) finish(TokenKind::Int);
      else if (cls == NumberClass::Float) finish(TokenKind::Float);
      else if (c0 >= 'a' && c0 <= 'z') finish(TokenKind::Keyword);
      else finish(TokenKind::Reserved);
      return true;
    }
    finish(TokenKind::Reserved);
    return true;
  }

  // Annotations `(@id ...)` are skipped entirely; their contents must still
  // be well-formed tokens with balanced parentheses.
  bool skipAnnotation() {
    size_t start = pos_;
    advance(2);
    // The annotation id: idchars or a non-empty UTF-8 string.
    if (pos_ < src_.size() && src_[pos_] == '"') {
      std::string name;
      const char* message = nullptr;
      size_t s = pos_;
      if (!lexString(name, message) || name.empty()) {
        pos_ = s;
        return error("empty annotation id");
      }
      if (!isValidUtf8(name)) return error("malformed UTF-8");
    } else {
      size_t s = pos_;
      while (pos_ < src_.size() && isIdChar(static_cast<unsigned char>(src_[pos_]))) advance(1);
      if (pos_ == s) return error("empty annotation id");
    }
    size_t depth = 1;
    while (depth > 0) {
      if (!skipTrivia()) return false;
      if (pos_ >= src_.size()) {
        pos_ = start;
        return error("unclosed annotation");
      }
      char c = src_[pos_];
      if (c == '(') {
        ++depth;
        advance(1);
      } else if (c == ')') {
        --depth;
        advance(1);
      } else {
        size_t before = tokens_.size();
        if (!lexRun()) return false;
        tokens_.resize(before);  // the annotation's tokens are dropped
      }
    }
    return true;
  }

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

bool isValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    size_t n = utf8Length(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::vector<Token> tokenize(std::string_view source) { return Lexer(source).run(); }

}  // namespace petrel::internal::text
