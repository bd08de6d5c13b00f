// .wast scripts (the spec interpreter's script format, see the spec
// repository's interpreter/README): modules, actions and assertions. Text
// modules are encoded to the binary format here; quoted modules keep their
// text for the runner, so that their errors surface when the command runs.
#include "text/lexer.h"
#include "text/module_parser.h"
#include "text/parse_util.h"
#include "text/script_values.h"
#include "text/token_cursor.h"
#include "text/wast_script.h"

namespace petrel::internal::wast {

namespace {

using text::TokenCursor;
using text::TokenKind;

// Keywords that start a module field: a script made only of module fields
// is one implicit module (spec interpreter: `script ::= cmd* | modulefield*`).
bool isModuleFieldKeyword(std::string_view kw) {
  for (std::string_view k : {"type", "rec", "import", "func", "table", "memory", "global", "tag", "export",
                             "start", "elem", "data"})
    if (k == kw) return true;
  return false;
}

class ScriptParser {
 public:
  explicit ScriptParser(TokenCursor& cur) : cur_(cur) {}

  bool parse(Script& script) {
    if (cur_.is(TokenKind::LParen) && cur_.is(TokenKind::Keyword, 1) && isModuleFieldKeyword(cur_.peek(1).text)) {
      Command cmd;
      cmd.kind = Command::Kind::Module;
      cmd.line = cur_.peek().line;
      cmd.module.line = cmd.line;
      text::ModuleParser parser(cur_);
      if (!parser.parse(cmd.module.binary)) return false;
      cmd.has_module = true;
      script.commands.push_back(std::move(cmd));
      return cur_.expect(TokenKind::Eof);
    }
    while (cur_.is(TokenKind::LParen)) {
      Command cmd;
      if (!parseCommand(cmd)) return false;
      script.commands.push_back(std::move(cmd));
    }
    return cur_.expect(TokenKind::Eof);
  }

 private:
  bool parseCommand(Command& cmd) {
    const text::Token& head = cur_.peek(1);
    cmd.line = head.line;
    if (head.kind != TokenKind::Keyword) {
      cur_.next();
      return cur_.unexpected();
    }
    std::string_view kw = head.text;
    if (kw == "module") {
      if (cur_.isKeyword("instance", 2)) return parseModuleInstance(cmd);
      cmd.kind = Command::Kind::Module;
      cmd.has_module = true;
      return parseModule(cmd.module);
    }
    if (kw == "register") {
      cur_.next();
      cur_.next();
      cmd.kind = Command::Kind::Register;
      if (!text::parseName(cur_, cmd.register_name)) return false;
      if (cur_.is(TokenKind::Id)) cmd.instance_id = "$" + cur_.next().value;
      return cur_.expect(TokenKind::RParen);
    }
    if (kw == "invoke" || kw == "get") {
      cmd.kind = Command::Kind::Action;
      return parseAction(cmd.action);
    }
    cur_.next();
    cur_.next();
    if (kw == "assert_return") {
      cmd.kind = Command::Kind::AssertReturn;
      if (!parseAction(cmd.action)) return false;
      while (cur_.is(TokenKind::LParen)) {
        ScriptValue v;
        if (!text::parseScriptValue(cur_, v, true)) return false;
        cmd.expected.push_back(std::move(v));
      }
      return cur_.expect(TokenKind::RParen);
    }
    if (kw == "assert_trap") {
      cmd.kind = Command::Kind::AssertTrap;
      if (cur_.atField("module")) {
        cmd.has_module = true;
        if (!parseModule(cmd.module)) return false;
      } else if (!parseAction(cmd.action)) {
        return false;
      }
      return parseMessage(cmd);
    }
    if (kw == "assert_exhaustion") {
      cmd.kind = Command::Kind::AssertExhaustion;
      return parseAction(cmd.action) && parseMessage(cmd);
    }
    if (kw == "assert_exception") {
      cmd.kind = Command::Kind::AssertException;
      return parseAction(cmd.action) && cur_.expect(TokenKind::RParen);
    }
    Command::Kind kind;
    if (kw == "assert_malformed") kind = Command::Kind::AssertMalformed;
    else if (kw == "assert_invalid") kind = Command::Kind::AssertInvalid;
    else if (kw == "assert_unlinkable") kind = Command::Kind::AssertUnlinkable;
    else if (kw == "assert_uninstantiable") kind = Command::Kind::AssertUninstantiable;
    else return cur_.fail(head, "unexpected token");
    cmd.kind = kind;
    cmd.has_module = true;
    if (!cur_.atField("module")) return cur_.unexpected();
    return parseModule(cmd.module) && parseMessage(cmd);
  }

  // The expected failure text, then the command's `)`.
  bool parseMessage(Command& cmd) {
    if (!cur_.is(TokenKind::String)) return cur_.unexpected();
    cmd.message = cur_.next().value;
    return cur_.expect(TokenKind::RParen);
  }

  // (module definition? $id? (binary string* | quote string* | field*))
  bool parseModule(ScriptModule& m) {
    m.line = cur_.peek().line;
    cur_.next();
    cur_.next();
    if (cur_.isKeyword("definition")) {
      cur_.next();
      m.is_definition = true;
    }
    if (cur_.is(TokenKind::Id)) m.id = "$" + cur_.next().value;
    if (cur_.isKeyword("binary")) {
      cur_.next();
      std::string bytes;
      if (!text::parseStrings(cur_, bytes, true)) return false;
      m.form = ScriptModule::Form::Binary;
      m.binary.assign(bytes.begin(), bytes.end());
    } else if (cur_.isKeyword("quote")) {
      cur_.next();
      m.form = ScriptModule::Form::Quote;
      // The strings are concatenated as they are (spec interpreter's
      // string_list).
      if (!text::parseStrings(cur_, m.quote, true)) return false;
    } else {
      m.form = ScriptModule::Form::Binary;
      text::ModuleParser parser(cur_);
      if (!parser.parse(m.binary)) return false;
    }
    return cur_.expect(TokenKind::RParen);
  }

  // (module instance $inst? $def?)
  bool parseModuleInstance(Command& cmd) {
    cmd.kind = Command::Kind::ModuleInstance;
    cur_.next();
    cur_.next();
    cur_.next();
    if (cur_.is(TokenKind::Id)) cmd.instance_id = "$" + cur_.next().value;
    if (cur_.is(TokenKind::Id)) cmd.definition_id = "$" + cur_.next().value;
    return cur_.expect(TokenKind::RParen);
  }

  // (invoke $id? "name" value*) | (get $id? "name")
  bool parseAction(Action& a) {
    if (!cur_.expect(TokenKind::LParen)) return false;
    bool invoke = cur_.isKeyword("invoke");
    if (!invoke && !cur_.isKeyword("get")) return cur_.unexpected();
    cur_.next();
    a.kind = invoke ? Action::Kind::Invoke : Action::Kind::Get;
    if (cur_.is(TokenKind::Id)) a.module_id = "$" + cur_.next().value;
    if (!text::parseName(cur_, a.field)) return false;
    while (invoke && cur_.is(TokenKind::LParen)) {
      ScriptValue v;
      if (!text::parseScriptValue(cur_, v, false)) return false;
      a.args.push_back(std::move(v));
    }
    return cur_.expect(TokenKind::RParen);
  }

  TokenCursor& cur_;
};

}  // namespace

Result<Script> parseWastScript(std::string_view source, std::string_view filename) {
  std::vector<text::Token> tokens = text::tokenize(source);
  TokenCursor cur(tokens);
  Script script;
  script.filename = std::string(filename);
  ScriptParser parser(cur);
  if (!parser.parse(script)) {
    Error e = cur.takeError();
    e.message = std::string(filename) + ":" + e.message;
    return e;
  }
  return script;
}

}  // namespace petrel::internal::wast
