//! Tokens: what the lexer hands the parser.
//!
//! The lexer is pull-based (the parser asks for one token at a time), as CPython's is, so
//! that a tokenizer error further down the file is only reported once parsing gets there.
//! Comments, blank lines and non-logical newlines (CPython's NL) are not emitted.

/// A position in the source: 1-based line, 0-based column in UTF-8 bytes from the start of
/// the line (as CPython's AST `col_offset`), and the absolute byte offset into the decoded
/// source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub offset: u32,
}

/// One token with its extent `[start, end)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: Pos,
    pub end: Pos,
}

/// The kinds of token. Literal tokens carry no decoded value: the parser reads their text
/// from the source through `start.offset..end.offset` and decodes it itself (strings and
/// f-strings need positions inside the literal for their errors and AST nodes).
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// An identifier that is not a hard keyword, already NFKC-normalised (PEP 3131).
    /// Soft keywords (`match`, `case`, `_`) arrive as names.
    Name(Box<str>),
    /// A hard keyword.
    Keyword(Keyword),
    /// A numeric literal (integer, float or imaginary), text in the source.
    Number,
    /// A string or bytes literal with its prefix and quotes, f-strings included, text in the
    /// source. Adjacent literals are separate tokens; the parser concatenates them.
    String,
    /// An operator or delimiter.
    Op(Op),
    /// The end of a logical line.
    Newline,
    /// The indentation level grew.
    Indent,
    /// The indentation level shrank (one token per level closed).
    Dedent,
    /// The end of the input (after the final NEWLINE and DEDENTs).
    EndMarker,
}

/// Python 3.11's hard keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Keyword {
    /// The keyword for an identifier's text, if it is one.
    pub fn from_name(text: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match text {
            "False" => False,
            "None" => None,
            "True" => True,
            "and" => And,
            "as" => As,
            "assert" => Assert,
            "async" => Async,
            "await" => Await,
            "break" => Break,
            "class" => Class,
            "continue" => Continue,
            "def" => Def,
            "del" => Del,
            "elif" => Elif,
            "else" => Else,
            "except" => Except,
            "finally" => Finally,
            "for" => For,
            "from" => From,
            "global" => Global,
            "if" => If,
            "import" => Import,
            "in" => In,
            "is" => Is,
            "lambda" => Lambda,
            "nonlocal" => Nonlocal,
            "not" => Not,
            "or" => Or,
            "pass" => Pass,
            "raise" => Raise,
            "return" => Return,
            "try" => Try,
            "while" => While,
            "with" => With,
            "yield" => Yield,
            _ => return Option::None,
        })
    }

    /// The keyword's source text.
    pub fn as_str(self) -> &'static str {
        use Keyword::*;
        match self {
            False => "False",
            None => "None",
            True => "True",
            And => "and",
            As => "as",
            Assert => "assert",
            Async => "async",
            Await => "await",
            Break => "break",
            Class => "class",
            Continue => "continue",
            Def => "def",
            Del => "del",
            Elif => "elif",
            Else => "else",
            Except => "except",
            Finally => "finally",
            For => "for",
            From => "from",
            Global => "global",
            If => "if",
            Import => "import",
            In => "in",
            Is => "is",
            Lambda => "lambda",
            Nonlocal => "nonlocal",
            Not => "not",
            Or => "or",
            Pass => "pass",
            Raise => "raise",
            Return => "return",
            Try => "try",
            While => "while",
            With => "with",
            Yield => "yield",
        }
    }
}

/// Operators and delimiters, named as CPython's token module names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Lpar,
    Rpar,
    Lsqb,
    Rsqb,
    Lbrace,
    Rbrace,
    Colon,
    Comma,
    Semi,
    Plus,
    Minus,
    Star,
    Slash,
    Vbar,
    Amper,
    Less,
    Greater,
    Equal,
    Dot,
    Percent,
    EqEqual,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Tilde,
    Circumflex,
    LeftShift,
    RightShift,
    DoubleStar,
    PlusEqual,
    MinEqual,
    StarEqual,
    SlashEqual,
    PercentEqual,
    AmperEqual,
    VbarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    DoubleSlash,
    DoubleSlashEqual,
    At,
    AtEqual,
    Rarrow,
    Ellipsis,
    ColonEqual,
    /// `!` alone: not a valid token in 3.11 source outside f-strings, but the lexer reports
    /// it as a token so that the parser can give CPython's message.
    Exclamation,
}

impl Op {
    /// The operator's source text.
    pub fn as_str(self) -> &'static str {
        use Op::*;
        match self {
            Lpar => "(",
            Rpar => ")",
            Lsqb => "[",
            Rsqb => "]",
            Lbrace => "{",
            Rbrace => "}",
            Colon => ":",
            Comma => ",",
            Semi => ";",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Vbar => "|",
            Amper => "&",
            Less => "<",
            Greater => ">",
            Equal => "=",
            Dot => ".",
            Percent => "%",
            EqEqual => "==",
            NotEqual => "!=",
            LessEqual => "<=",
            GreaterEqual => ">=",
            Tilde => "~",
            Circumflex => "^",
            LeftShift => "<<",
            RightShift => ">>",
            DoubleStar => "**",
            PlusEqual => "+=",
            MinEqual => "-=",
            StarEqual => "*=",
            SlashEqual => "/=",
            PercentEqual => "%=",
            AmperEqual => "&=",
            VbarEqual => "|=",
            CircumflexEqual => "^=",
            LeftShiftEqual => "<<=",
            RightShiftEqual => ">>=",
            DoubleStarEqual => "**=",
            DoubleSlash => "//",
            DoubleSlashEqual => "//=",
            At => "@",
            AtEqual => "@=",
            Rarrow => "->",
            Ellipsis => "...",
            ColonEqual => ":=",
            Exclamation => "!",
        }
    }
}
