//! Statements: simple statements, compound statements and blocks, and the start rules of
//! the three parse modes.

use super::{range_of, PResult, Parser};
use crate::ast::*;
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

fn stmt(kind: StmtKind, range: Range) -> Stmt {
    Stmt { kind, range }
}

impl<'s> Parser<'s> {
    /// A compound statement's range: from `start` to the end of its last line.
    fn span_to_last(&self, start: Pos) -> Range {
        range_of(start, self.last_line_end)
    }

    /// `file: [statements] ENDMARKER`
    pub(crate) fn file(&mut self) -> PResult<Mod> {
        let mut body = Vec::new();
        while !matches!(self.peek_kind(), TokenKind::EndMarker) {
            self.statement(&mut body)?;
        }
        Ok(Mod::Module {
            body,
            type_ignores: Vec::new(),
        })
    }

    /// `eval: expressions NEWLINE* ENDMARKER`
    pub(crate) fn eval_input(&mut self) -> PResult<Mod> {
        let e = self.expressions()?;
        while matches!(self.peek_kind(), TokenKind::Newline) {
            self.advance();
        }
        if !matches!(self.peek_kind(), TokenKind::EndMarker) {
            return Err(self.syntax_error_here());
        }
        Ok(Mod::Expression { body: Box::new(e) })
    }

    /// `expressions: expression (',' expression)* [',']` (no starred items, unlike
    /// `star_expressions`).
    fn expressions(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let first = self.expression()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !super::expr::starts_expression(self.peek_kind()) {
                break;
            }
            elts.push(self.expression()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            range: self.range_from(start),
        })
    }

    /// `interactive: statement_newline`, as CPython runs it on a string: one statement;
    /// a compound one must end the input, and after a simple-statement line only blank
    /// lines and comments may follow ("multiple statements found ...").
    pub(crate) fn interactive(&mut self) -> PResult<Mod> {
        if matches!(self.peek_kind(), TokenKind::EndMarker) {
            return Err(self.syntax_error_here());
        }
        let mut body = Vec::new();
        self.statement(&mut body)?;
        let compound = body.first().is_some_and(|s| s.kind.is_compound());
        if compound {
            if !matches!(self.peek_kind(), TokenKind::EndMarker) {
                return Err(self.syntax_error_here());
            }
        } else if let Some(newline) = self.pos.checked_sub(1).map(|i| self.tokens[i].clone()) {
            let rest_at = (newline.end.offset as usize).min(self.src_len());
            if !only_blanks_and_comments(self.src_tail(rest_at)) {
                return Err(self.error_at_token(
                    "multiple statements found while compiling a single statement",
                    &newline,
                ));
            }
        }
        Ok(Mod::Interactive { body })
    }

    /// One statement (a simple-statement line may hold several), appended to `out`.
    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        self.enter()?;
        let result = self.statement_inner(out);
        self.leave();
        result
    }

    fn statement_inner(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let tok = self.peek().clone();
        let compound = match &tok.kind {
            TokenKind::Keyword(Kw::If) => Some(self.if_stmt()?),
            TokenKind::Keyword(Kw::While) => Some(self.while_stmt()?),
            TokenKind::Keyword(Kw::For) => Some(self.for_stmt(None)?),
            TokenKind::Keyword(Kw::Try) => Some(self.try_stmt()?),
            TokenKind::Keyword(Kw::With) => Some(self.with_stmt(None)?),
            TokenKind::Keyword(Kw::Def) => Some(self.funcdef(Vec::new(), None)?),
            TokenKind::Keyword(Kw::Class) => Some(self.classdef(Vec::new())?),
            TokenKind::Op(Op::At) => Some(self.decorated()?),
            TokenKind::Keyword(Kw::Async) => {
                let async_tok = self.advance();
                match self.peek_kind() {
                    TokenKind::Keyword(Kw::Def) => {
                        Some(self.funcdef(Vec::new(), Some(async_tok.start))?)
                    }
                    TokenKind::Keyword(Kw::For) => Some(self.for_stmt(Some(async_tok.start))?),
                    TokenKind::Keyword(Kw::With) => Some(self.with_stmt(Some(async_tok.start))?),
                    _ => return Err(self.syntax_error_here()),
                }
            }
            TokenKind::Name(n) if &**n == "match" => match self.match_stmt()? {
                Some(s) => Some(s),
                None => {
                    // Not a match statement: an ordinary line starting with the name
                    // `match`, unless it fails to parse as one and looks like
                    // `match subject` missing its colon.
                    let mark = self.mark();
                    let mut probe = Vec::new();
                    match self.simple_stmts(&mut probe) {
                        Ok(()) => {
                            out.extend(probe);
                            return Ok(());
                        }
                        Err(err) => {
                            let after = self.mark();
                            self.reset(mark);
                            self.advance();
                            let missing_colon = self.match_subject().is_ok()
                                && matches!(self.peek_kind(), TokenKind::Newline);
                            if missing_colon {
                                let tok = self.peek().clone();
                                let mut e = self.error_at_token("expected ':'", &tok);
                                e.end_offset = e.offset;
                                return Err(e);
                            }
                            self.reset(after);
                            return Err(err);
                        }
                    }
                }
            },
            TokenKind::Indent => {
                return Err(self.indentation_error("unexpected indent", &tok));
            }
            _ => None,
        };
        if let Some(s) = compound {
            out.push(s);
            return Ok(());
        }
        self.simple_stmts(out)
    }

    /// `simple_stmts`: `simple_stmt (';' simple_stmt)* [';'] NEWLINE`
    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple_stmt()?;
            out.push(s);
            if self.eat_op(Op::Semi) {
                if matches!(self.peek_kind(), TokenKind::Newline) {
                    self.last_line_end = self.prev_end();
                    self.advance();
                    return Ok(());
                }
                continue;
            }
            if matches!(self.peek_kind(), TokenKind::Newline) {
                self.last_line_end = self.prev_end();
                self.advance();
                return Ok(());
            }
            if matches!(self.peek_kind(), TokenKind::EndMarker) {
                self.last_line_end = self.prev_end();
                return Ok(());
            }
            return Err(self.statement_end_error(out.last()));
        }
    }

    /// What to say when a simple statement is followed by something unexpected.
    fn statement_end_error(&mut self, last: Option<&Stmt>) -> crate::SyntaxError {
        if let Some(Stmt {
            kind: StmtKind::Expr { value },
            ..
        }) = last
        {
            if let ExprKind::Name { id, .. } = &value.kind {
                if (id == "print" || id == "exec") && self.can_start_expression_here() {
                    let start = value.range_start();
                    let mark = self.mark();
                    if self.star_expressions().is_ok() {
                        let end = self.prev_end();
                        self.reset(mark);
                        return self.error_between(
                            format!(
                                "Missing parentheses in call to '{id}'. Did you mean {id}(...)?"
                            ),
                            start,
                            end,
                        );
                    }
                    self.reset(mark);
                }
            }
        }
        if let Some(err) = self.parse_trailing_expression(last) {
            return err;
        }
        self.syntax_error_here()
    }

    /// CPython's invalid_expression parses the expression after one that ends too soon
    /// (`a b`) even where it then says nothing (outside brackets): the strings it
    /// decodes on the way may fail, and reading to the end of the input inside a
    /// bracket fails with "'(' was never closed". Do the same parse for those effects.
    fn parse_trailing_expression(&mut self, last: Option<&Stmt>) -> Option<crate::SyntaxError> {
        let value = match &last?.kind {
            StmtKind::Expr { value }
            | StmtKind::Assign { value, .. }
            | StmtKind::AugAssign { value, .. } => value,
            StmtKind::Return { value: Some(value) } => value,
            _ => return None,
        };
        let value = match &value.kind {
            ExprKind::Tuple { elts, .. } => elts.last()?,
            _ => &**value,
        };
        if !super::expr::starts_expression(self.peek_kind())
            || self.starts_with_name_string_or_soft_keyword(value.range)
        {
            return None;
        }
        let mark = self.mark();
        let furthest = self.furthest;
        let result = self.expression();
        self.reset(mark);
        self.furthest = furthest;
        match result {
            Err(err) if super::expr::is_string_content_error(&err) => Some(err),
            _ => None,
        }
    }

    fn can_start_expression_here(&mut self) -> bool {
        matches!(
            self.peek_kind(),
            TokenKind::Name(_)
                | TokenKind::Number
                | TokenKind::String
                | TokenKind::Op(
                    Op::Lpar | Op::Lsqb | Op::Lbrace | Op::Minus | Op::Plus | Op::Tilde
                )
                | TokenKind::Keyword(Kw::None | Kw::True | Kw::False | Kw::Not | Kw::Lambda)
        )
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.start_pos();
        let tok = self.peek().clone();
        match &tok.kind {
            TokenKind::Keyword(Kw::Pass) => {
                self.advance();
                Ok(stmt(StmtKind::Pass, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Break) => {
                self.advance();
                Ok(stmt(StmtKind::Break, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Continue) => {
                self.advance();
                Ok(stmt(StmtKind::Continue, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Return) => {
                self.advance();
                let value = if self.can_start_star_expressions() {
                    Some(Box::new(self.star_expressions()?))
                } else {
                    None
                };
                Ok(stmt(StmtKind::Return { value }, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Raise) => {
                self.advance();
                let mut exc = None;
                let mut cause = None;
                if self.can_start_star_expressions() {
                    exc = Some(Box::new(self.expression()?));
                    if self.eat_keyword(Kw::From) {
                        cause = Some(Box::new(self.expression()?));
                    }
                }
                Ok(stmt(StmtKind::Raise { exc, cause }, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Global) | TokenKind::Keyword(Kw::Nonlocal) => {
                self.advance();
                let mut names = vec![self.expect_name()?.0];
                while self.eat_op(Op::Comma) {
                    names.push(self.expect_name()?.0);
                }
                let kind = if matches!(tok.kind, TokenKind::Keyword(Kw::Global)) {
                    StmtKind::Global { names }
                } else {
                    StmtKind::Nonlocal { names }
                };
                Ok(stmt(kind, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Del) => {
                self.advance();
                let mut targets = Vec::new();
                loop {
                    let t = self.bitwise_or_or_starred()?;
                    targets.push(self.to_del(t)?);
                    if !self.eat_op(Op::Comma)
                        || matches!(
                            self.peek_kind(),
                            TokenKind::Newline | TokenKind::Op(Op::Semi)
                        )
                    {
                        break;
                    }
                }
                Ok(stmt(StmtKind::Delete { targets }, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Assert) => {
                self.advance();
                let test = Box::new(self.expression()?);
                let msg = if self.eat_op(Op::Comma) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                Ok(stmt(StmtKind::Assert { test, msg }, self.range_from(start)))
            }
            TokenKind::Keyword(Kw::Import) => self.import_name(start),
            TokenKind::Keyword(Kw::From) => self.import_from(start),
            _ => self.expression_statement(start),
        }
    }

    fn bitwise_or_or_starred(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            return self.star_expression();
        }
        let e = self.bitwise_or()?;
        if self.at_op(Op::Comma) {
            // `del a, b` is handled by the caller; a parenthesised tuple arrives as one atom.
            return Ok(e);
        }
        Ok(e)
    }

    fn can_start_star_expressions(&mut self) -> bool {
        self.can_start_expression_here()
            || self.at_op(Op::Star)
            || self.at_keyword(Kw::Await)
            || self.at_op(Op::Ellipsis)
    }

    /// Expression statements and every kind of assignment.
    fn expression_statement(&mut self, start: Pos) -> PResult<Stmt> {
        let first = if self.at_keyword(Kw::Yield) {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        let tok = self.peek().clone();
        match &tok.kind {
            TokenKind::Op(Op::Equal) => self.assignment(start, first),
            TokenKind::Op(Op::Colon) => {
                self.advance();
                let simple = matches!(first.kind, ExprKind::Name { .. })
                    && first.range.col_offset == start.col
                    && first.range.lineno == start.line;
                // As CPython's invalid_assignment: the target is judged only once the
                // annotation has parsed. CPython's first pass never reads past the ':'
                // of an expression that cannot be annotated: a generic error goes there.
                let colon_index = self.pos - 1;
                let annotatable = matches!(
                    first.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                );
                let annotation = match self.expression() {
                    Ok(annotation) => Box::new(annotation),
                    Err(err) if !annotatable && err.msg == "invalid syntax" => {
                        self.furthest = colon_index;
                        return Err(err);
                    }
                    Err(err) => return Err(err),
                };
                let target = match &first.kind {
                    ExprKind::Name { .. }
                    | ExprKind::Attribute { .. }
                    | ExprKind::Subscript { .. } => self.to_store(first)?,
                    ExprKind::Tuple { .. } => {
                        return Err(self.error_at_expr(
                            "only single target (not tuple) can be annotated",
                            &first,
                        ));
                    }
                    ExprKind::List { .. } => {
                        return Err(self.error_at_expr(
                            "only single target (not list) can be annotated",
                            &first,
                        ));
                    }
                    _ => return Err(self.error_at_expr("illegal target for annotation", &first)),
                };
                let value = if self.eat_op(Op::Equal) {
                    Some(Box::new(if self.at_keyword(Kw::Yield) {
                        self.yield_expr()?
                    } else {
                        self.star_expressions()?
                    }))
                } else {
                    None
                };
                Ok(stmt(
                    StmtKind::AnnAssign {
                        target: Box::new(target),
                        annotation,
                        value,
                        simple,
                    },
                    self.range_from(start),
                ))
            }
            TokenKind::Op(op) if augassign(*op).is_some() => {
                let op = augassign(*op).unwrap_or(Operator::Add);
                if !matches!(
                    first.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                ) {
                    return Err(self.error_at_expr(
                        format!(
                            "'{}' is an illegal expression for augmented assignment",
                            super::targets::describe(&first)
                        ),
                        &first,
                    ));
                }
                self.advance();
                let target = self.to_store(first)?;
                let value = Box::new(if self.at_keyword(Kw::Yield) {
                    self.yield_expr()?
                } else {
                    self.star_expressions()?
                });
                Ok(stmt(
                    StmtKind::AugAssign {
                        target: Box::new(target),
                        op,
                        value,
                    },
                    self.range_from(start),
                ))
            }
            _ => Ok(stmt(
                StmtKind::Expr {
                    value: Box::new(first),
                },
                self.range_from(start),
            )),
        }
    }

    fn assignment(&mut self, start: Pos, first: Expr) -> PResult<Stmt> {
        let mut targets = Vec::new();
        let mut pending = first;
        let mut is_first = true;
        // What CPython's invalid_named_expression says about the statement's start,
        // reported when a later target of the chain turns out invalid.
        let mut start_error: Option<SyntaxError> = None;
        loop {
            self.advance(); // '='
            let is_yield = matches!(
                pending.kind,
                ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }
            );
            if !is_first && (is_yield || super::targets::invalid_target(&pending, false).is_some())
            {
                if let Some(err) = start_error.take() {
                    return Err(err);
                }
            }
            // `(yield) = 1` is a bad first target ("... here. Maybe you meant"), a bare
            // `yield` is not a target at all.
            let parenthesised =
                (pending.range.lineno, pending.range.col_offset) != (start.line, start.col);
            if is_yield && !(is_first && parenthesised) {
                return Err(
                    self.error_at_expr("assignment to yield expression not possible", &pending)
                );
            }
            let target = if is_first {
                self.to_first_store(pending)?
            } else {
                self.to_store(pending)?
            };
            targets.push(target);
            let value = if self.at_keyword(Kw::Yield) {
                self.yield_expr()?
            } else {
                self.star_expressions()?
            };
            if self.at_op(Op::Equal) {
                if is_first {
                    start_error = self.named_expression_error(&targets[0], &value);
                }
                is_first = false;
                pending = value;
                continue;
            }
            return Ok(stmt(
                StmtKind::Assign {
                    targets,
                    value: Box::new(value),
                    type_comment: None,
                },
                self.range_from(start),
            ));
        }
    }

    /// CPython's invalid_named_expression on a statement `target = value = ...`: when
    /// `value` begins with a bitwise-or operand that something other than `=` follows
    /// (`x = 1 if c else 2 = 3`), the statement reads as a mistyped comparison.
    fn named_expression_error(&self, target: &Expr, value: &Expr) -> Option<SyntaxError> {
        let operand = leading_operand(value).filter(|o| !std::ptr::eq(*o, value))?;
        match &target.kind {
            ExprKind::Name { .. } => {
                let from = Pos {
                    line: target.range.lineno,
                    col: target.range.col_offset,
                    offset: 0,
                };
                let to = Pos {
                    line: operand.range.end_lineno,
                    col: operand.range.end_col_offset,
                    offset: 0,
                };
                Some(self.error_between(
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    from,
                    to,
                ))
            }
            ExprKind::List { .. } | ExprKind::Tuple { .. } | ExprKind::Starred { .. } => None,
            _ => Some(self.error_at_expr(
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    super::targets::describe(target)
                ),
                target,
            )),
        }
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.expect_name()?.0;
        while self.at_op(Op::Dot) {
            self.advance();
            name.push('.');
            name.push_str(&self.expect_name()?.0);
        }
        Ok(name)
    }

    fn import_name(&mut self, start: Pos) -> PResult<Stmt> {
        self.advance();
        let mut names = Vec::new();
        loop {
            let alias_start = self.start_pos();
            let name = self.dotted_name()?;
            let asname = if self.eat_keyword(Kw::As) {
                Some(self.expect_name()?.0)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                range: self.range_from(alias_start),
            });
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        Ok(stmt(StmtKind::Import { names }, self.range_from(start)))
    }

    fn import_from(&mut self, start: Pos) -> PResult<Stmt> {
        self.advance();
        let mut level = 0u32;
        loop {
            if self.eat_op(Op::Dot) {
                level += 1;
            } else if self.eat_op(Op::Ellipsis) {
                level += 3;
            } else {
                break;
            }
        }
        let module = if self.at_keyword(Kw::Import) {
            None
        } else {
            Some(self.dotted_name()?)
        };
        if !self.eat_keyword(Kw::Import) {
            return Err(self.syntax_error_here());
        }
        let mut names = Vec::new();
        if self.at_op(Op::Star) {
            let star = self.advance();
            names.push(Alias {
                name: "*".into(),
                asname: None,
                range: range_of(star.start, star.end),
            });
            return Ok(stmt(
                StmtKind::ImportFrom {
                    module,
                    names,
                    level,
                },
                self.range_from(start),
            ));
        }
        let parens = self.eat_op(Op::Lpar);
        loop {
            let alias_start = self.start_pos();
            let name = self.expect_name()?.0;
            let asname = if self.eat_keyword(Kw::As) {
                Some(self.expect_name()?.0)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                range: self.range_from(alias_start),
            });
            if !self.eat_op(Op::Comma) {
                break;
            }
            if parens && self.at_op(Op::Rpar) {
                break;
            }
            if !parens && matches!(self.peek_kind(), TokenKind::Newline) {
                let tok = self.peek().clone();
                return Err(self.error_at_token(
                    "trailing comma not allowed without surrounding parentheses",
                    &tok,
                ));
            }
        }
        if parens {
            self.expect_op(Op::Rpar)?;
        }
        Ok(stmt(
            StmtKind::ImportFrom {
                module,
                names,
                level,
            },
            self.range_from(start),
        ))
    }

    /// `':' block`, with CPython's "expected ':'" and indentation errors; `what` names the
    /// statement for "expected an indented block after ...".
    fn colon_block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        // `def`, `try`, `else` and `finally` require their colon (CPython's `&&':'`);
        // the other statements only say "expected ':'" when the line ends there.
        let forced = matches!(
            what,
            "function definition" | "'try' statement" | "'else' statement" | "'finally' statement"
        );
        if !self.at_op(Op::Colon) {
            let tok = self.peek().clone();
            if !forced && !matches!(tok.kind, TokenKind::Newline) {
                return Err(self.syntax_error_here());
            }
            let mut e = self.error_at_token("expected ':'", &tok);
            e.end_offset = e.offset;
            return Err(e);
        }
        self.advance();
        self.block(what, line)
    }

    fn block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        if !matches!(self.peek_kind(), TokenKind::Newline) {
            self.simple_stmts(&mut body)?;
            return Ok(body);
        }
        self.advance();
        if !matches!(self.peek_kind(), TokenKind::Indent) {
            let tok = self.peek().clone();
            if let Some(err) = self.lexer_error.take() {
                return Err(err);
            }
            let mut e = self.error_at_token(
                format!("expected an indented block after {what} on line {line}"),
                &tok,
            );
            e.kind = SyntaxErrorKind::IndentationError;
            if matches!(tok.kind, TokenKind::EndMarker | TokenKind::Dedent) {
                let (line, offset) = self.raise_location(&tok);
                e.lineno = line;
                e.end_lineno = line;
                e.offset = offset;
                e.end_offset = -1;
            }
            return Err(e);
        }
        self.advance();
        while !matches!(self.peek_kind(), TokenKind::Dedent | TokenKind::EndMarker) {
            self.statement(&mut body)?;
        }
        self.eat_dedent();
        Ok(body)
    }

    fn eat_dedent(&mut self) {
        if matches!(self.peek_kind(), TokenKind::Dedent) {
            self.advance();
        }
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start_tok = self.advance();
        let start = start_tok.start;
        let test = self.named_expression()?;
        self.if_equal_check(&test)?;
        let body = self.colon_block("'if' statement", start.line)?;
        let orelse = self.elif_or_else(&body)?;
        Ok(stmt(
            StmtKind::If {
                test: Box::new(test),
                body,
                orelse,
            },
            self.span_to_last(start),
        ))
    }

    /// `if x = 1:` and the like: CPython's "Maybe you meant '==' or ':=' instead of '='?".
    fn if_equal_check(&mut self, test: &Expr) -> PResult<()> {
        if self.at_op(Op::Equal) {
            let mark = self.mark();
            self.advance();
            if let ExprKind::Name { .. } = test.kind {
                if let Ok(value) = self.bitwise_or() {
                    let err = self.error_between(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        test.range_start(),
                        Pos {
                            line: value.range.end_lineno,
                            col: value.range.end_col_offset,
                            offset: 0,
                        },
                    );
                    return Err(err);
                }
            } else if let Ok(_value) = self.bitwise_or() {
                return Err(self.error_at_expr(
                    format!(
                        "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                        super::targets::describe(test)
                    ),
                    test,
                ));
            }
            self.reset(mark);
        }
        Ok(())
    }

    fn elif_or_else(&mut self, _body: &[Stmt]) -> PResult<Vec<Stmt>> {
        if self.at_keyword(Kw::Elif) {
            let start_tok = self.advance();
            let start = start_tok.start;
            let test = self.named_expression()?;
            self.if_equal_check(&test)?;
            let body = self.colon_block("'elif' statement", start.line)?;
            let orelse = self.elif_or_else(&body)?;
            return Ok(vec![stmt(
                StmtKind::If {
                    test: Box::new(test),
                    body,
                    orelse,
                },
                self.span_to_last(start),
            )]);
        }
        if self.at_keyword(Kw::Else) {
            let tok = self.advance();
            return self.colon_block("'else' statement", tok.start.line);
        }
        Ok(Vec::new())
    }

    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if self.at_keyword(Kw::Else) {
            let tok = self.advance();
            return self.colon_block("'else' statement", tok.start.line);
        }
        Ok(Vec::new())
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().start;
        let test = self.named_expression()?;
        self.if_equal_check(&test)?;
        let body = self.colon_block("'while' statement", start.line)?;
        let orelse = self.else_block()?;
        Ok(stmt(
            StmtKind::While {
                test: Box::new(test),
                body,
                orelse,
            },
            self.span_to_last(start),
        ))
    }

    fn for_stmt(&mut self, async_start: Option<Pos>) -> PResult<Stmt> {
        let for_tok = self.advance();
        let start = async_start.unwrap_or(for_tok.start);
        let target = self.star_targets_for()?;
        if !self.eat_keyword(Kw::In) {
            return Err(self.syntax_error_here());
        }
        let iter = self.star_expressions()?;
        let body = self.colon_block("'for' statement", for_tok.start.line)?;
        let orelse = self.else_block()?;
        let f = For {
            target: Box::new(target),
            iter: Box::new(iter),
            body,
            orelse,
            type_comment: None,
        };
        let kind = if async_start.is_some() {
            StmtKind::AsyncFor(f)
        } else {
            StmtKind::For(f)
        };
        Ok(stmt(kind, self.span_to_last(start)))
    }

    fn with_stmt(&mut self, async_start: Option<Pos>) -> PResult<Stmt> {
        let with_tok = self.advance();
        let start = async_start.unwrap_or(with_tok.start);
        let mut items = None;
        if self.at_op(Op::Lpar) {
            // `with (a as b, c):` — parenthesised items, unless the parenthesis is part of
            // the first expression.
            let mark = self.mark();
            self.advance();
            if let Ok(parsed) = self.with_items(true) {
                if self.eat_op(Op::Rpar)
                    && (self.at_op(Op::Colon) || matches!(self.peek_kind(), TokenKind::Newline))
                {
                    items = Some(parsed);
                }
            }
            if items.is_none() {
                self.reset(mark);
            }
        }
        let items = match items {
            Some(items) => items,
            None => self.with_items(false)?,
        };
        let body = self.colon_block("'with' statement", with_tok.start.line)?;
        let w = With {
            items,
            body,
            type_comment: None,
        };
        let kind = if async_start.is_some() {
            StmtKind::AsyncWith(w)
        } else {
            StmtKind::With(w)
        };
        Ok(stmt(kind, self.span_to_last(start)))
    }

    fn with_items(&mut self, parenthesised: bool) -> PResult<Vec<WithItem>> {
        let mut items = Vec::new();
        loop {
            let context_expr = self.expression()?;
            let optional_vars = if self.eat_keyword(Kw::As) {
                let t = self.star_target_single()?;
                Some(Box::new(self.to_store(t)?))
            } else {
                None
            };
            items.push(WithItem {
                context_expr,
                optional_vars,
            });
            if !self.eat_op(Op::Comma) {
                break;
            }
            if parenthesised && self.at_op(Op::Rpar) {
                break;
            }
        }
        Ok(items)
    }

    /// A single `star_target` (as in `with ... as t` and `except E as name`).
    fn star_target_single(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            return self.star_expression();
        }
        self.bitwise_or()
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance().start;
        let body = self.colon_block("'try' statement", start.line)?;
        if !self.at_keyword(Kw::Except) && !self.at_keyword(Kw::Finally) {
            let mut tok = self.peek().clone();
            if matches!(tok.kind, TokenKind::Dedent | TokenKind::EndMarker) && tok.start.col == 0 {
                // At the end of the input CPython points at the last line's NEWLINE.
                if let Some(newline) = self.tokens[..self.pos]
                    .iter()
                    .rev()
                    .find(|t| !matches!(t.kind, TokenKind::Dedent))
                {
                    tok = newline.clone();
                }
            }
            return Err(self.error_at_token("expected 'except' or 'finally' block", &tok));
        }
        let mut handlers = Vec::new();
        let mut star = None;
        while self.at_keyword(Kw::Except) {
            let h_start = self.advance().start;
            let is_star = self.eat_op(Op::Star);
            match star {
                None => star = Some(is_star),
                Some(s) if s != is_star => {
                    return Err(self.error_between(
                        "cannot have both 'except' and 'except*' on the same 'try'",
                        h_start,
                        self.prev_end(),
                    ));
                }
                _ => {}
            }
            let mut type_ = None;
            let mut name = None;
            if matches!(self.peek_kind(), TokenKind::Newline) {
                let tok = self.peek().clone();
                let mut e = self.error_at_token("expected ':'", &tok);
                e.end_offset = e.offset;
                return Err(e);
            }
            if !self.at_op(Op::Colon) {
                let t_start = self.start_pos();
                let first = self.expression()?;
                let t = if self.at_op(Op::Comma) {
                    // `except A, B:` needs parentheses in Python 3.
                    let mut elts = vec![first];
                    while self.eat_op(Op::Comma) {
                        elts.push(self.expression()?);
                    }
                    let range = self.range_from(t_start);
                    return Err(self
                        .error_at_range("multiple exception types must be parenthesized", range));
                } else {
                    first
                };
                type_ = Some(Box::new(t));
                if self.eat_keyword(Kw::As) {
                    name = Some(self.expect_name()?.0);
                }
            } else if is_star {
                let tok = self.peek().clone();
                return Err(self.error_at_token("expected one or more exception types", &tok));
            }
            let what = if is_star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let h_body = self.colon_block(what, h_start.line)?;
            handlers.push(ExceptHandler {
                type_,
                name,
                body: h_body,
                range: self.span_to_last(h_start),
            });
        }
        let orelse = self.else_block()?;
        let mut finalbody = Vec::new();
        if self.at_keyword(Kw::Finally) {
            let tok = self.advance();
            finalbody = self.colon_block("'finally' statement", tok.start.line)?;
        }
        if handlers.is_empty() && finalbody.is_empty() {
            let tok = self.peek().clone();
            return Err(self.error_at_token("expected 'except' or 'finally' block", &tok));
        }
        let t = Try {
            body,
            handlers,
            orelse,
            finalbody,
        };
        let kind = if star == Some(true) {
            StmtKind::TryStar(t)
        } else {
            StmtKind::Try(t)
        };
        Ok(stmt(kind, self.span_to_last(start)))
    }

    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expression()?);
            if !matches!(self.peek_kind(), TokenKind::Newline) {
                return Err(self.syntax_error_here());
            }
            self.advance();
        }
        match self.peek_kind().clone() {
            TokenKind::Keyword(Kw::Def) => self.funcdef(decorators, None),
            TokenKind::Keyword(Kw::Class) => self.classdef(decorators),
            TokenKind::Keyword(Kw::Async) => {
                let a = self.advance();
                if !self.at_keyword(Kw::Def) {
                    return Err(self.syntax_error_here());
                }
                self.funcdef(decorators, Some(a.start))
            }
            _ => Err(self.syntax_error_here()),
        }
    }

    fn funcdef(&mut self, decorator_list: Vec<Expr>, async_start: Option<Pos>) -> PResult<Stmt> {
        let def_tok = self.advance();
        let start = async_start.unwrap_or(def_tok.start);
        let (name, _) = self.expect_name()?;
        if !self.at_op(Op::Lpar) {
            let tok = self.peek().clone();
            return Err(self.error_at_token("expected '('", &tok));
        }
        self.advance();
        let args = self.parameters(false)?;
        self.expect_op(Op::Rpar)?;
        let returns = if self.eat_op(Op::Rarrow) {
            Some(Box::new(self.expression()?))
        } else {
            None
        };
        let body = self.colon_block("function definition", def_tok.start.line)?;
        let f = FunctionDef {
            name,
            args: Box::new(args),
            body,
            decorator_list,
            returns,
            type_comment: None,
        };
        let kind = if async_start.is_some() {
            StmtKind::AsyncFunctionDef(f)
        } else {
            StmtKind::FunctionDef(f)
        };
        Ok(stmt(kind, self.span_to_last(start)))
    }

    fn classdef(&mut self, decorator_list: Vec<Expr>) -> PResult<Stmt> {
        let start = self.advance().start;
        let (name, _) = self.expect_name()?;
        let mut bases = Vec::new();
        let mut keywords = Vec::new();
        if self.at_op(Op::Lpar) {
            let open = self.advance();
            let (a, k) = self.class_arguments(open.start)?;
            bases = a;
            keywords = k;
        }
        let body = self.colon_block("class definition", start.line)?;
        Ok(stmt(
            StmtKind::ClassDef(ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            }),
            self.span_to_last(start),
        ))
    }

    fn class_arguments(&mut self, open: Pos) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        self.in_class_bases = true;
        let result = self.call_arguments(open);
        self.in_class_bases = false;
        result
    }

    /// `match subject: case ...` — `match` is a soft keyword, so this returns `None` when
    /// the line is an ordinary statement that starts with the name `match`.
    fn match_stmt(&mut self) -> PResult<Option<Stmt>> {
        let mark = self.mark();
        let start = self.advance().start;
        let subject = match self.match_subject() {
            Ok(s)
                if self.at_op(Op::Colon) && matches!(self.peek_nth(1).kind, TokenKind::Newline) =>
            {
                s
            }
            _ => {
                self.reset(mark);
                return Ok(None);
            }
        };
        self.advance(); // ':'
        self.advance(); // NEWLINE
        if !matches!(self.peek_kind(), TokenKind::Indent) {
            let tok = self.peek().clone();
            let mut e = self.error_at_token(
                format!(
                    "expected an indented block after 'match' statement on line {}",
                    start.line
                ),
                &tok,
            );
            e.kind = SyntaxErrorKind::IndentationError;
            if matches!(tok.kind, TokenKind::EndMarker | TokenKind::Dedent) {
                let (line, offset) = self.raise_location(&tok);
                e.lineno = line;
                e.end_lineno = line;
                e.offset = offset;
                e.end_offset = -1;
            }
            return Err(e);
        }
        self.advance();
        let mut cases = Vec::new();
        while self.at_name("case") {
            let case_tok = self.advance();
            let pattern = self.patterns()?;
            let guard = if self.eat_keyword(Kw::If) {
                Some(Box::new(self.named_expression()?))
            } else {
                None
            };
            let body = self.colon_block("'case' statement", case_tok.start.line)?;
            cases.push(MatchCase {
                pattern,
                guard,
                body,
            });
        }
        if cases.is_empty() {
            return Err(self.syntax_error_here());
        }
        if !matches!(self.peek_kind(), TokenKind::Dedent | TokenKind::EndMarker) {
            return Err(self.syntax_error_here());
        }
        self.eat_dedent();
        Ok(Some(stmt(
            StmtKind::Match {
                subject: Box::new(subject),
                cases,
            },
            self.span_to_last(start),
        )))
    }

    fn match_subject(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let first = self.star_named_expression()?;
        if !self.at_op(Op::Comma) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.syntax_error_here());
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Colon) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            range: self.range_from(start),
        })
    }
}

fn augassign(op: Op) -> Option<Operator> {
    Some(match op {
        Op::PlusEqual => Operator::Add,
        Op::MinEqual => Operator::Sub,
        Op::StarEqual => Operator::Mult,
        Op::AtEqual => Operator::MatMult,
        Op::SlashEqual => Operator::Div,
        Op::PercentEqual => Operator::Mod,
        Op::AmperEqual => Operator::BitAnd,
        Op::VbarEqual => Operator::BitOr,
        Op::CircumflexEqual => Operator::BitXor,
        Op::LeftShiftEqual => Operator::LShift,
        Op::RightShiftEqual => Operator::RShift,
        Op::DoubleStarEqual => Operator::Pow,
        Op::DoubleSlashEqual => Operator::FloorDiv,
        _ => return None,
    })
}

/// The bitwise-or operand an expression starts with, as CPython's `bitwise_or` rule
/// would match it at the expression's start; `None` when it starts with `not`, `*`,
/// `lambda` or `yield`.
fn leading_operand(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Tuple { elts, .. } => {
            let first = elts.first()?;
            let parenthesised = (first.range.lineno, first.range.col_offset)
                != (e.range.lineno, e.range.col_offset);
            if parenthesised {
                Some(e)
            } else {
                leading_operand(first)
            }
        }
        ExprKind::IfExp { body, .. } => leading_operand(body),
        ExprKind::Compare { left, .. } => leading_operand(left),
        ExprKind::BoolOp { values, .. } => leading_operand(values.first()?),
        ExprKind::UnaryOp {
            op: UnaryOp::Not, ..
        }
        | ExprKind::Lambda { .. }
        | ExprKind::Starred { .. }
        | ExprKind::Yield { .. }
        | ExprKind::YieldFrom { .. } => None,
        _ => Some(e),
    }
}

/// Whether `text` holds only spaces, tabs, form feeds, newlines and comments (CPython's
/// bad_single_statement test, inverted).
fn only_blanks_and_comments(text: &str) -> bool {
    let mut in_comment = false;
    for c in text.bytes() {
        match c {
            b'\n' => in_comment = false,
            _ if in_comment => {}
            b' ' | b'\t' | b'\x0c' => {}
            b'#' => in_comment = true,
            _ => return false,
        }
    }
    true
}
