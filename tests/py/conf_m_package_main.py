# `-m package` runs package/__main__.py with __package__ set (relative imports work),
# `-m package.module` runs the module with its parent as __package__.
import os
import subprocess
import sys
import tempfile

with tempfile.TemporaryDirectory() as d:
    pkg = os.path.join(d, 'confpkg')
    os.mkdir(pkg)
    with open(os.path.join(pkg, '__init__.py'), 'w') as f:
        f.write('')
    with open(os.path.join(pkg, 'helper.py'), 'w') as f:
        f.write('VALUE = 42\n')
    with open(os.path.join(pkg, '__main__.py'), 'w') as f:
        f.write('from .helper import VALUE\nprint("main", __name__, __package__, VALUE)\n')
    with open(os.path.join(pkg, 'tool.py'), 'w') as f:
        f.write('from . import helper\nprint("tool", __name__, __package__, helper.VALUE)\n')
    for target in ('confpkg', 'confpkg.tool'):
        p = subprocess.run([sys.executable, '-m', target], cwd=d, capture_output=True, text=True)
        print(p.returncode, p.stdout.strip(), p.stderr.strip().splitlines()[-1:] if p.stderr else '')
