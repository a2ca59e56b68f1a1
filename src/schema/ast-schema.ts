/**
 * The JSON Schema of the AST — generated from grammar/ast.schema.json by
 * scripts/generate-ast-schema.mjs (`npm run generate`); edit that file, not this one.
 */
export const AST_SCHEMA: Readonly<Record<string, unknown>> = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:mcpolicy:schema:ast:1",
  "title": "mcpolicy SourceFile (JSON form of the AST)",
  "description": "The AST of one .mcpolicy source as plain JSON (JSON.stringify of the parser's AST). Spans are optional; `name` defaults to the name given to the loader. Static rules that the schema cannot express (names unique, glob limits, interpolation, safe-integer priority, `action` without members) are checked after validation, exactly as for source text.",
  "type": "object",
  "properties": {
    "kind": {
      "const": "SourceFile"
    },
    "name": {
      "type": "string"
    },
    "declarations": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/Declaration"
      }
    },
    "span": {
      "$ref": "#/$defs/Span"
    }
  },
  "required": [
    "kind",
    "declarations"
  ],
  "additionalProperties": false,
  "$defs": {
    "Position": {
      "type": "object",
      "properties": {
        "offset": {
          "type": "integer",
          "minimum": 0
        },
        "line": {
          "type": "integer",
          "minimum": 1
        },
        "column": {
          "type": "integer",
          "minimum": 1
        }
      },
      "required": [
        "offset",
        "line",
        "column"
      ],
      "additionalProperties": false
    },
    "Span": {
      "description": "Where a node came from; optional in the JSON form (a synthetic span is filled in).",
      "type": "object",
      "properties": {
        "source": {
          "type": "string"
        },
        "start": {
          "$ref": "#/$defs/Position"
        },
        "end": {
          "$ref": "#/$defs/Position"
        }
      },
      "required": [
        "start",
        "end"
      ],
      "additionalProperties": false
    },
    "Name": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Name"
        },
        "value": {
          "type": "string"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "value"
      ],
      "additionalProperties": false
    },
    "Declaration": {
      "type": "object",
      "properties": {
        "kind": {
          "type": "string"
        }
      },
      "required": [
        "kind"
      ],
      "discriminator": {
        "propertyName": "kind"
      },
      "oneOf": [
        {
          "$ref": "#/$defs/RoleDecl"
        },
        {
          "$ref": "#/$defs/Policy"
        }
      ]
    },
    "RoleDecl": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "RoleDecl"
        },
        "name": {
          "$ref": "#/$defs/Name"
        },
        "includes": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/Name"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "name",
        "includes"
      ],
      "additionalProperties": false
    },
    "Policy": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Policy"
        },
        "name": {
          "$ref": "#/$defs/Name"
        },
        "effect": {
          "enum": [
            "allow",
            "deny"
          ]
        },
        "priority": {
          "type": "integer",
          "minimum": -9007199254740991,
          "maximum": 9007199254740991
        },
        "subject": {
          "$ref": "#/$defs/SubjectTarget"
        },
        "action": {
          "$ref": "#/$defs/PatternTarget"
        },
        "resource": {
          "$ref": "#/$defs/PatternTarget"
        },
        "conditions": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/Condition"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "name",
        "effect",
        "priority",
        "subject",
        "action",
        "resource",
        "conditions"
      ],
      "additionalProperties": false
    },
    "SubjectTarget": {
      "type": "object",
      "properties": {
        "kind": {
          "type": "string"
        }
      },
      "required": [
        "kind"
      ],
      "discriminator": {
        "propertyName": "kind"
      },
      "oneOf": [
        {
          "$ref": "#/$defs/AnySubject"
        },
        {
          "$ref": "#/$defs/SubjectMatchers"
        }
      ]
    },
    "AnySubject": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "AnySubject"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind"
      ],
      "additionalProperties": false
    },
    "SubjectMatchers": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "SubjectMatchers"
        },
        "alternatives": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/SubjectAlternative"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "alternatives"
      ],
      "additionalProperties": false
    },
    "SubjectAlternative": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "SubjectAlternative"
        },
        "attribute": {
          "enum": [
            "user",
            "role",
            "group"
          ]
        },
        "names": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/Name"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "attribute",
        "names"
      ],
      "additionalProperties": false
    },
    "PatternTarget": {
      "type": "object",
      "properties": {
        "kind": {
          "type": "string"
        }
      },
      "required": [
        "kind"
      ],
      "discriminator": {
        "propertyName": "kind"
      },
      "oneOf": [
        {
          "$ref": "#/$defs/AnyPattern"
        },
        {
          "$ref": "#/$defs/PatternList"
        }
      ]
    },
    "AnyPattern": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "AnyPattern"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind"
      ],
      "additionalProperties": false
    },
    "PatternList": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "PatternList"
        },
        "patterns": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/Pattern"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "patterns"
      ],
      "additionalProperties": false
    },
    "Pattern": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Pattern"
        },
        "value": {
          "type": "string"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "value"
      ],
      "additionalProperties": false
    },
    "Condition": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Condition"
        },
        "mode": {
          "enum": [
            "when",
            "unless"
          ]
        },
        "expr": {
          "$ref": "#/$defs/Expr"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "mode",
        "expr"
      ],
      "additionalProperties": false
    },
    "Expr": {
      "type": "object",
      "properties": {
        "kind": {
          "type": "string"
        }
      },
      "required": [
        "kind"
      ],
      "discriminator": {
        "propertyName": "kind"
      },
      "oneOf": [
        {
          "$ref": "#/$defs/Literal"
        },
        {
          "$ref": "#/$defs/List"
        },
        {
          "$ref": "#/$defs/Path"
        },
        {
          "$ref": "#/$defs/Not"
        },
        {
          "$ref": "#/$defs/And"
        },
        {
          "$ref": "#/$defs/Or"
        },
        {
          "$ref": "#/$defs/Compare"
        },
        {
          "$ref": "#/$defs/In"
        },
        {
          "$ref": "#/$defs/Contains"
        },
        {
          "$ref": "#/$defs/Matches"
        },
        {
          "$ref": "#/$defs/Has"
        }
      ]
    },
    "Literal": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Literal"
        },
        "value": {
          "type": [
            "string",
            "number",
            "boolean",
            "null"
          ]
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "value"
      ],
      "additionalProperties": false
    },
    "List": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "List"
        },
        "items": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/Literal"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "items"
      ],
      "additionalProperties": false
    },
    "Path": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Path"
        },
        "root": {
          "enum": [
            "subject",
            "resource",
            "action",
            "env"
          ]
        },
        "members": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "root",
        "members"
      ],
      "additionalProperties": false
    },
    "Not": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Not"
        },
        "operand": {
          "$ref": "#/$defs/Expr"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "operand"
      ],
      "additionalProperties": false
    },
    "And": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "And"
        },
        "operands": {
          "type": "array",
          "minItems": 2,
          "items": {
            "$ref": "#/$defs/Expr"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "operands"
      ],
      "additionalProperties": false
    },
    "Or": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Or"
        },
        "operands": {
          "type": "array",
          "minItems": 2,
          "items": {
            "$ref": "#/$defs/Expr"
          }
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "operands"
      ],
      "additionalProperties": false
    },
    "Compare": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Compare"
        },
        "op": {
          "enum": [
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">="
          ]
        },
        "left": {
          "$ref": "#/$defs/Expr"
        },
        "right": {
          "$ref": "#/$defs/Expr"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "op",
        "left",
        "right"
      ],
      "additionalProperties": false
    },
    "In": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "In"
        },
        "left": {
          "$ref": "#/$defs/Expr"
        },
        "right": {
          "$ref": "#/$defs/Expr"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "left",
        "right"
      ],
      "additionalProperties": false
    },
    "Contains": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Contains"
        },
        "left": {
          "$ref": "#/$defs/Expr"
        },
        "right": {
          "$ref": "#/$defs/Expr"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "left",
        "right"
      ],
      "additionalProperties": false
    },
    "Matches": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Matches"
        },
        "left": {
          "$ref": "#/$defs/Expr"
        },
        "pattern": {
          "$ref": "#/$defs/Pattern"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "left",
        "pattern"
      ],
      "additionalProperties": false
    },
    "Has": {
      "type": "object",
      "properties": {
        "kind": {
          "const": "Has"
        },
        "left": {
          "$ref": "#/$defs/Expr"
        },
        "member": {
          "type": "string"
        },
        "span": {
          "$ref": "#/$defs/Span"
        }
      },
      "required": [
        "kind",
        "left",
        "member"
      ],
      "additionalProperties": false
    }
  }
};
