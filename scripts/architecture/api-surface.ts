/**
 * The public API of each package entry, read by the TypeScript compiler: every exported name,
 * its kind and its declared signature. Signatures are printed by the type checker (so a change
 * in formatting or a comment changes nothing) except type aliases, whose declared text is the
 * point; whitespace is collapsed so only a change of meaning shows.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { compareText } from './module-graph.ts'
import type { PackageEntry } from './package-entries.ts'

export type ApiKind =
  'function' | 'class' | 'interface' | 'type' | 'const' | 'variable' | 'enum' | 'namespace'

export interface ApiSymbol {
  readonly name: string
  /** One per declaration: a name can be both a type and a value (`type Money` and `money`). */
  readonly kinds: readonly ApiKind[]
  /** The declared signature, one line per member. */
  readonly text: string
}

export interface EntryApi {
  readonly entry: PackageEntry
  readonly symbols: readonly ApiSymbol[]
}

// A union of enum members is a plain number to the type system; the cast names it again.
const FORMAT = (ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope) as ts.TypeFormatFlags

/** Reads the API of every entry with one program, using the root's tsconfig.json when it has one. */
export function collectApi(root: string, entries: readonly PackageEntry[]): EntryApi[] {
  const program = ts.createProgram(
    entries.map((entry) => join(root, entry.source)),
    compilerOptions(root),
  )
  const checker = program.getTypeChecker()
  return entries.map((entry) => {
    const file = program.getSourceFile(join(root, entry.source))
    const module = file === undefined ? undefined : checker.getSymbolAtLocation(file)
    if (module === undefined) throw new Error(`${entry.source} (export "${entry.subpath}") is not a module`)
    const symbols = checker
      .getExportsOfModule(module)
      .map((exported) => describe(checker, exported))
      .sort((a, b) => compareText(a.name, b.name))
    return { entry, symbols }
  })
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json')
  const defaults: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
  }
  if (!existsSync(configPath)) return defaults
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path))
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  return { ...ts.parseJsonConfigFileContent(read.config, ts.sys, root).options, noEmit: true }
}

function describe(checker: ts.TypeChecker, exported: ts.Symbol): ApiSymbol {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  const name = exported.getName()
  const parts: { kind: ApiKind; text: string }[] = []
  for (const declaration of symbol.declarations ?? []) {
    const part = describeDeclaration(checker, name, symbol, declaration)
    if (part !== undefined && !parts.some((seen) => seen.text === part.text)) parts.push(part)
  }
  const kinds = [...new Set(parts.map((part) => part.kind))]
  return { name, kinds, text: parts.map((part) => part.text).join('\n') }
}

function describeDeclaration(
  checker: ts.TypeChecker,
  name: string,
  symbol: ts.Symbol,
  declaration: ts.Declaration,
): { kind: ApiKind; text: string } | undefined {
  if (ts.isFunctionDeclaration(declaration)) {
    // Overloads: the implementation's signature is not callable from outside.
    if (declaration.body !== undefined && hasOverloads(symbol)) return undefined
    const signature = checker.getSignatureFromDeclaration(declaration)
    if (signature === undefined) return undefined
    return {
      kind: 'function',
      text: `function ${name}${checker.signatureToString(signature, undefined, FORMAT)}`,
    }
  }
  if (ts.isVariableDeclaration(declaration)) {
    const constant = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration)
    return {
      kind: constant ? 'const' : 'variable',
      text: `${constant ? 'const' : 'let'} ${name}: ${typeText(checker, type, declaration)}`,
    }
  }
  if (ts.isTypeAliasDeclaration(declaration)) {
    return {
      kind: 'type',
      text: `type ${name}${typeParameters(declaration.typeParameters)} = ${squash(declaration.type.getText())}`,
    }
  }
  if (ts.isInterfaceDeclaration(declaration)) {
    const heritage = heritageText(declaration.heritageClauses)
    const type = checker.getDeclaredTypeOfSymbol(symbol)
    return {
      kind: 'interface',
      text: block(
        `interface ${name}${typeParameters(declaration.typeParameters)}${heritage}`,
        members(checker, type, false),
      ),
    }
  }
  if (ts.isClassDeclaration(declaration)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol)
    const statics = checker.getTypeOfSymbolAtLocation(symbol, declaration)
    const constructors = statics
      .getConstructSignatures()
      .map((signature) => `constructor${parameterList(checker, signature)}`)
    const staticMembers = members(checker, statics, true)
      .filter((line) => !line.startsWith('prototype'))
      .map((line) => `static ${line}`)
    const abstract = ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract ? 'abstract ' : ''
    return {
      kind: 'class',
      text: block(
        `${abstract}class ${name}${typeParameters(declaration.typeParameters)}${heritageText(declaration.heritageClauses)}`,
        [...new Set(constructors), ...staticMembers, ...members(checker, type, true)],
      ),
    }
  }
  if (ts.isEnumDeclaration(declaration)) {
    return {
      kind: 'enum',
      text: `enum ${name} { ${declaration.members.map((m) => squash(m.getText())).join(', ')} }`,
    }
  }
  if (ts.isModuleDeclaration(declaration)) return { kind: 'namespace', text: `namespace ${name}` }
  return undefined
}

function hasOverloads(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).filter((declaration) => ts.isFunctionDeclaration(declaration)).length > 1
}

/** Public members, one line each, in declaration-independent (alphabetical) order. */
function members(checker: ts.TypeChecker, type: ts.Type, classMembers: boolean): string[] {
  const lines: string[] = []
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0]
    // Members inherited from the platform (Error's captureStackTrace) or from a dependency are
    // not ours to report; the `extends` clause names where they come from.
    if (declaration === undefined || declaration.getSourceFile().fileName.includes('/node_modules/')) continue
    const modifiers = ts.getCombinedModifierFlags(declaration)
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue
    if (property.getName().startsWith('#') || property.getName().startsWith('__')) continue
    const optional = property.flags & ts.SymbolFlags.Optional ? '?' : ''
    const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration)
    if (property.flags & ts.SymbolFlags.Method) {
      for (const signature of propertyType.getCallSignatures()) {
        lines.push(
          `${property.getName()}${optional}${checker.signatureToString(signature, undefined, FORMAT)}`,
        )
      }
      continue
    }
    const readonly =
      modifiers & ts.ModifierFlags.Readonly ||
      (property.flags & ts.SymbolFlags.GetAccessor && !(property.flags & ts.SymbolFlags.SetAccessor))
        ? 'readonly '
        : ''
    const shown = property.flags & ts.SymbolFlags.Accessor && classMembers ? 'get ' : ''
    lines.push(
      `${readonly}${shown}${property.getName()}${optional}: ${typeText(checker, propertyType, declaration)}`,
    )
  }
  for (const signature of type.getCallSignatures())
    lines.push(checker.signatureToString(signature, undefined, FORMAT))
  for (const kind of [ts.IndexKind.String, ts.IndexKind.Number]) {
    const index = checker.getIndexInfoOfType(type, kind)
    if (index !== undefined) {
      lines.push(
        `${index.isReadonly ? 'readonly ' : ''}[key: ${checker.typeToString(index.keyType)}]: ${checker.typeToString(index.type, undefined, FORMAT)}`,
      )
    }
  }
  return lines.sort(compareText)
}

function parameterList(checker: ts.TypeChecker, signature: ts.Signature): string {
  const parameters = signature.parameters.map((parameter) => {
    const declaration = parameter.valueDeclaration
    if (declaration === undefined || !ts.isParameter(declaration)) return parameter.getName()
    const rest = declaration.dotDotDotToken === undefined ? '' : '...'
    const optional =
      declaration.questionToken === undefined && declaration.initializer === undefined ? '' : '?'
    const type = typeText(checker, checker.getTypeOfSymbolAtLocation(parameter, declaration), declaration)
    return `${rest}${parameter.getName()}${optional}: ${type}`
  })
  return `(${parameters.join(', ')})`
}

/**
 * The declared annotation when there is one, else the checker's view: the checker would spell
 * out an alias such as `ErrorCode` as the union it stands for.
 */
function typeText(checker: ts.TypeChecker, type: ts.Type, declaration: ts.Declaration): string {
  const annotated =
    ts.isParameter(declaration) ||
    ts.isPropertySignature(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isVariableDeclaration(declaration)
      ? declaration.type
      : undefined
  return annotated === undefined ? checker.typeToString(type, undefined, FORMAT) : squash(annotated.getText())
}

function typeParameters(parameters: ts.NodeArray<ts.TypeParameterDeclaration> | undefined): string {
  return parameters === undefined
    ? ''
    : `<${parameters.map((parameter) => squash(parameter.getText())).join(', ')}>`
}

function heritageText(clauses: ts.NodeArray<ts.HeritageClause> | undefined): string {
  return clauses === undefined ? '' : ` ${clauses.map((clause) => squash(clause.getText())).join(' ')}`
}

function block(head: string, lines: readonly string[]): string {
  return lines.length === 0
    ? `${head} {}`
    : [`${head} {`, ...lines.map((line) => `  ${line}`), '}'].join('\n')
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
