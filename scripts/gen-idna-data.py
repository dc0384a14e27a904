import re,sys
def parse(path, keep=None, mapv=lambda v:v):
    out=[]
    for line in open(path,encoding='utf-8'):
        line=line.split('#')[0].strip()
        if not line: continue
        cps,val=[x.strip() for x in line.split(';')[:2]]
        val=mapv(val)
        if val is None or (keep and val not in keep): continue
        a,_,b=cps.partition('..'); a=int(a,16); b=int(b or a,16) if b else a
        out.append((a,b,val))
    out.sort()
    merged=[]
    for a,b,v in out:
        if merged and merged[-1][2]==v and merged[-1][1]+1==a: merged[-1]=(merged[-1][0],b,v)
        else: merged.append((a,b,v))
    return merged
idna=parse('Idna2008.txt',mapv=lambda v:{'PVALID':'P','CONTEXTJ':'J','CONTEXTO':'O','CONTEXT0':'O'}.get(v))
bidi=parse('bidi.txt',mapv=lambda v: None if v=='L' else v)
jt=parse('jt.txt',keep={'L','D','R','T'})
sc=parse('scripts.txt',keep={'Greek','Hebrew','Hiragana','Katakana','Han'},mapv=lambda v:v)
print(len(idna),len(bidi),len(jt),len(sc),file=sys.stderr)
def enc(rs,abbr=lambda v:v):
    return ' '.join(('%x'%a if a==b else '%x-%x'%(a,b))+':'+abbr(v) for a,b,v in rs)
bidiabbr={'R':'R','AL':'AL','AN':'AN','EN':'EN','ES':'ES','CS':'CS','ET':'ET','ON':'ON','BN':'BN','NSM':'NSM'}
scabbr={'Greek':'G','Hebrew':'H','Hiragana':'I','Katakana':'K','Han':'C'}
out=open(sys.argv[1],'w')
out.write('''// Generated from the Unicode Character Database 16.0.0 (the version of Swift's Unicode
// properties) by scripts/gen-idna-data.py: the RFC 5892 derived property (Idna2008-16.0.0.txt:
// P = PVALID, J = CONTEXTJ, O = CONTEXTO; every other code point is DISALLOWED or UNASSIGNED),
// the Bidi_Class (DerivedBidiClass.txt, L omitted), the Joining_Type (DerivedJoiningType.txt, L D
// R T only) and five scripts the CONTEXTO rules name (Scripts.txt: G Greek, H Hebrew,
// I Hiragana, K Katakana, C Han). Unicode data, © Unicode, Inc., Unicode License V3.
// Each table is `first[-last]:value` ranges in hex, sorted, separated by spaces.

enum IDNAData {
''')
for name,rs,ab in [('idna2008',idna,lambda v:v),('bidiClass',bidi,lambda v:v),('joiningType',jt,lambda v:v),('script',sc,lambda v:scabbr[v])]:
    text=enc(rs,ab)
    # wrap lines
    words=text.split(' '); lines=[]; cur=''
    for w in words:
        if len(cur)+len(w)+1>110: lines.append(cur); cur=w
        else: cur=(cur+' '+w) if cur else w
    lines.append(cur)
    out.write('    static let %s = """\n' % name)
    for l in lines: out.write('        '+l+'\n')
    out.write('        """\n\n')
out.write('}\n')
