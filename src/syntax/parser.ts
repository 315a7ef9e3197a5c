/**
 * The parser: tokens → concrete syntax tree (a chevrotain `CstParser`). The grammar is the one in
 * `grammar/tilde.ebnf`, rule for rule; `grammar/diagrams.html` is drawn from this class.
 *
 * - Rules are class properties, so a misspelt rule name fails to compile (chevrotain's TypeScript style).
 * - Error recovery is on: single-token insertion/deletion and re-sync let one run report several errors
 *   and still return a (partial) tree. `cst-to-ast.ts` must therefore accept nodes with missing children.
 * - One instance, {@link tildeParser}, is built once and reused; building it runs the grammar analysis.
 * - Nesting (parenthesised/unary/power expressions, guide blocks) is capped at {@link MAX_NESTING}: past
 *   it the parser throws {@link ParseAbortedError}, which `parse.ts` turns into E0108, so a pathological
 *   input can never overflow the stack here or in later recursive stages. Likewise the parser stops after
 *   {@link MAX_PARSER_ERRORS} errors (E0110), which bounds the time spent recovering from garbage.
 * - Messages: chevrotain builds an error message when it records an error; the provider in
 *   `parser-errors.ts` stores the structured facts there, and `parse.ts` turns them into coded diagnostics.
 */
import {
  type CstNode,
  CstParser,
  type IRecognitionException,
  type ISerializedGast,
  type IToken,
} from 'chevrotain';
import { errorMessageProvider } from './parser-errors.js';
import * as T from './tokens.js';

/** How deep expressions and guide blocks may nest before the parser gives up (E0108). */
export const MAX_NESTING = 200;

/** How many parser errors are recorded before the parser gives up (E0110). */
export const MAX_PARSER_ERRORS = 50;

/**
 * Thrown by the parser to stop early: past {@link MAX_NESTING} levels of nesting, or once
 * {@link MAX_PARSER_ERRORS} errors are recorded (error recovery on garbage can otherwise report one error
 * per token). Caught by `parseProgram`, which reports E0108 or E0110.
 */
export class ParseAbortedError extends Error {
  /**
   * @param reason - which limit was reached
   * @param token - the token at which it was reached
   */
  constructor(
    readonly reason: 'nesting' | 'errors',
    readonly token: IToken,
  ) {
    super(reason === 'nesting' ? `nesting deeper than ${MAX_NESTING} levels` : `more than ${MAX_PARSER_ERRORS} syntax errors`);
    this.name = 'ParseAbortedError';
  }
}

/**
 * What the rest of the front end uses of the parser. (The chevrotain class itself stays private to this
 * module, so the API docs show this small surface rather than everything `CstParser` inherits.)
 */
export interface TildeParserHandle {
  /** The tokens to parse; setting them resets the parser's state and errors. */
  input: IToken[];
  /** The errors recorded by the last parse (error recovery records them instead of throwing). */
  readonly errors: IRecognitionException[];
  /** Parses a whole file (`program ::= modelDecl*`) into a CST; may throw only {@link ParseAbortedError}. */
  program(): CstNode;
  /** Resets the nesting counter; call before each parse. */
  resetNesting(): void;
  /** The grammar as data, for syntax diagrams and the EBNF consistency test. */
  getSerializedGastProductions(): ISerializedGast[];
}

/** The Tilde grammar as a chevrotain CST parser; used through {@link tildeParser}. */
class TildeParser extends CstParser {
  private nesting = 0;

  constructor() {
    super([...T.ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider });
    this.performSelfAnalysis();
  }

  /** Resets per-parse state; call before each parse (after setting `input`). */
  resetNesting(): void {
    this.nesting = 0;
  }

  /** Stops the parse once {@link MAX_PARSER_ERRORS} errors are recorded. */
  private checkErrorBudget(): void {
    if (this.RECORDING_PHASE) return;
    if (this.errors.length >= MAX_PARSER_ERRORS) throw new ParseAbortedError('errors', this.LA(1));
  }

  /**
   * Enters one nesting level, stopping the parse past {@link MAX_NESTING}; pair with {@link leave} in a
   * `finally`. (Plain methods rather than `ACTION` closures: these run for every operand.)
   */
  private enter(): void {
    if (this.RECORDING_PHASE) return;
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) throw new ParseAbortedError('nesting', this.LA(1));
    this.checkErrorBudget();
  }

  /** Leaves the nesting level entered by {@link enter}. */
  private leave(): void {
    if (!this.RECORDING_PHASE) this.nesting -= 1;
  }

  /** `program ::= modelDecl*` */
  readonly program = this.RULE('program', () => {
    this.MANY(() => this.SUBRULE(this.modelDecl));
  });

  /** `modelDecl ::= 'model' Identifier '{' statement* '}'` */
  readonly modelDecl = this.RULE('modelDecl', () => {
    this.checkErrorBudget();
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
  });

  /** One statement of a model or guide body. */
  readonly statement = this.RULE('statement', () => {
    this.checkErrorBudget();
    this.OR([
      { ALT: () => this.SUBRULE(this.dimDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.latentDecl) },
      { ALT: () => this.SUBRULE(this.netDecl) },
      { ALT: () => this.SUBRULE(this.sampleStmt) },
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.factorStmt) },
      { ALT: () => this.SUBRULE(this.guideBlock) },
      { ALT: () => this.SUBRULE(this.forStmt) },
    ]);
  });

  /** `dimDecl ::= 'dim' Identifier '=' expression ';'` */
  readonly dimDecl = this.RULE('dimDecl', () => {
    this.CONSUME(T.Dim);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  /** `dataDecl ::= 'data' Identifier ':' typeExpr ';'` */
  readonly dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Semi);
  });

  /** `paramDecl ::= 'param' Identifier ':' typeExpr ';'` */
  readonly paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Semi);
  });

  /** `latentDecl ::= 'latent' Identifier ':' typeExpr ';'` */
  readonly latentDecl = this.RULE('latentDecl', () => {
    this.CONSUME(T.Latent);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Semi);
  });

  /** `typeExpr ::= Identifier ('(' expression (',' expression)* ')')? ('[' expression (',' expression)* ']')?` */
  readonly typeExpr = this.RULE('typeExpr', () => {
    this.CONSUME(T.Identifier, { LABEL: 'domain' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression, { LABEL: 'domainArg' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, { LABEL: 'domainArg' });
      });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE3(this.expression, { LABEL: 'size' });
      this.MANY2(() => {
        this.CONSUME2(T.Comma);
        this.SUBRULE4(this.expression, { LABEL: 'size' });
      });
      this.CONSUME(T.RBracket);
    });
  });

  /** `netDecl ::= 'net' Identifier ':' netLayer ';'` */
  readonly netDecl = this.RULE('netDecl', () => {
    this.CONSUME(T.Net);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.netLayer);
    this.CONSUME(T.Semi);
  });

  /**
   * `netLayer ::= Identifier ('(' netArg (',' netArg)* ')')?` — a layer kind of the network registry
   * (`Linear(a -> b)`, `Sequential(…)`, `relu`); which names exist is checked afterwards.
   */
  readonly netLayer = this.RULE('netLayer', () => {
    this.enter();
    try {
      this.CONSUME(T.Identifier, { LABEL: 'kind' });
      this.OPTION(() => {
        this.CONSUME(T.LParen);
        this.SUBRULE(this.netArg);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.netArg);
        });
        this.CONSUME(T.RParen);
      });
    } finally {
      this.leave();
    }
  });

  /** `netArg ::= Identifier '=' netValue | netValue ('->' netValue)*` */
  readonly netArg = this.RULE('netArg', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Equals,
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'option' });
          this.CONSUME(T.Equals);
          this.SUBRULE(this.netValue, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.netValue, { LABEL: 'item' });
          this.MANY(() => {
            this.CONSUME(T.Arrow);
            this.SUBRULE3(this.netValue, { LABEL: 'item' });
          });
        },
      },
    ]);
  });

  /** `netValue ::= netLayer | expression` — an identifier followed by `(` is a layer, anything else an expression. */
  readonly netValue = this.RULE('netValue', () => {
    this.OR([
      { GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.netLayer) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  /** `sampleStmt ::= 'global'? Identifier targetIndex? '~' Identifier callArgs ';'` */
  readonly sampleStmt = this.RULE('sampleStmt', () => {
    this.OPTION(() => this.CONSUME(T.Global));
    this.CONSUME(T.Identifier, { LABEL: 'target' });
    this.OPTION2(() => this.SUBRULE(this.targetIndex));
    this.CONSUME(T.Tilde);
    this.CONSUME2(T.Identifier, { LABEL: 'dist' });
    this.SUBRULE(this.callArgs);
    this.CONSUME(T.Semi);
  });

  /** `letStmt ::= 'let' Identifier targetIndex? '=' expression ';'` */
  readonly letStmt = this.RULE('letStmt', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.targetIndex));
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  /** `targetIndex ::= '[' expression (',' expression)* ']'` — the element a `~` or `let` defines (`z[t]`, `z[0]`). */
  readonly targetIndex = this.RULE('targetIndex', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression, { LABEL: 'index' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression, { LABEL: 'index' });
    });
    this.CONSUME(T.RBracket);
  });

  /**
   * `forStmt ::= 'for' Identifier 'in' expression ':' expression '{' statement* '}'` — a loop over the
   * half-open integer range `start:end` (which statements a loop body may hold is checked afterwards).
   */
  readonly forStmt = this.RULE('forStmt', () => {
    this.enter();
    try {
      this.CONSUME(T.For);
      this.CONSUME(T.Identifier, { LABEL: 'variable' });
      this.CONSUME(T.In);
      this.SUBRULE(this.expression, { LABEL: 'start' });
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: 'end' });
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.statement));
      this.CONSUME(T.RCurly);
    } finally {
      this.leave();
    }
  });

  /** `factorStmt ::= 'factor' expression ';'` */
  readonly factorStmt = this.RULE('factorStmt', () => {
    this.CONSUME(T.Factor);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  /** `guideBlock ::= 'guide' '{' statement* '}'` (a guide nested in a guide is rejected afterwards, E0106). */
  readonly guideBlock = this.RULE('guideBlock', () => {
    this.enter();
    try {
      this.CONSUME(T.Guide);
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.statement));
      this.CONSUME(T.RCurly);
    } finally {
      this.leave();
    }
  });

  /** `expression ::= term (('+' | '-') term)*` */
  readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) }]);
      this.SUBRULE2(this.term);
    });
  });

  /** `term ::= unary (('*' | '/' | '@') unary)*` */
  readonly term = this.RULE('term', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.At, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  /**
   * `unary ::= '-' unary | primary indexSuffix* ('^' unary)?` — unary minus, then postfix indexing and
   * power in one rule (one CST node per operand fewer). `^` is right-associative and binds tighter than
   * unary minus (`-x^2` is `-(x^2)`); its exponent may be negated (`2 ^ -x`).
   */
  readonly unary = this.RULE('unary', () => {
    this.enter();
    try {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Minus);
            this.SUBRULE(this.unary);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.primary);
            this.MANY(() => this.SUBRULE(this.indexSuffix));
            this.OPTION(() => {
              this.CONSUME(T.Caret);
              this.SUBRULE2(this.unary, { LABEL: 'exponent' });
            });
          },
        },
      ]);
    } finally {
      this.leave();
    }
  });

  /** `indexSuffix ::= '[' indexItem (',' indexItem)* ']'` */
  readonly indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.indexItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.indexItem);
    });
    this.CONSUME(T.RBracket);
  });

  /** `indexItem ::= ':' expression? | expression (':' expression?)?` */
  readonly indexItem = this.RULE('indexItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'end' }));
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.expression, { LABEL: 'start' });
          this.OPTION2(() => {
            this.CONSUME2(T.Colon);
            this.OPTION3(() => this.SUBRULE3(this.expression, { LABEL: 'end' }));
          });
        },
      },
    ]);
  });

  /** `primary ::= NumberLiteral | 'I' | Identifier callArgs? | '(' expression ')'` */
  readonly primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identity) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.callArgs));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** `callArgs ::= '(' (arg (',' arg)*)? ')'` */
  readonly callArgs = this.RULE('callArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.arg);
      });
    });
    this.CONSUME(T.RParen);
  });

  /** `arg ::= (Identifier ':')? expression` */
  readonly arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression);
  });
}

/** The shared parser instance (building one runs chevrotain's grammar analysis, so it is done once). */
export const tildeParser: TildeParserHandle = new TildeParser();
